using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Signup.Local.Template;

/// <summary>
/// Reads the parts of an AWS SAM template that the local stack emulates: DynamoDB tables, functions, HTTP APIs
/// with their CORS and throttling settings, and the functions' <c>HttpApi</c> events. The <c>Globals</c> section
/// applies to functions and HTTP APIs as SAM applies it.
/// </summary>
public static class TemplateReader
{
    /// <summary>Reads the template file at <paramref name="path"/>.</summary>
    /// <exception cref="TemplateException">The file is not valid YAML or not a template the stack can run.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LocalStackConfiguration ReadFile(string path, TemplateReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = File.OpenText(path);
        try
        {
            return Read(reader, options);
        }
        catch (TemplateException e)
        {
            throw new TemplateException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a template from YAML text.</summary>
    /// <exception cref="TemplateException">The text is not valid YAML or not a template the stack can run.</exception>
    public static LocalStackConfiguration Parse(string yaml, TemplateReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        using var reader = new StringReader(yaml);
        return Read(reader, options);
    }

    /// <summary>Reads a template from <paramref name="reader"/>.</summary>
    /// <exception cref="TemplateException">The text is not valid YAML or not a template the stack can run.</exception>
    public static LocalStackConfiguration Read(TextReader reader, TemplateReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new TemplateReaderOptions();

        var root = Load(reader);
        var parameters = ReadParameters(root, options);
        if (TemplateContext.GetRaw(root, "Resources") is not YamlMappingNode resources)
        {
            throw new TemplateException("The template has no Resources mapping.");
        }

        var context = new TemplateContext(
            new IntrinsicResolver(parameters, IndexResources(resources, options), options),
            options);
        var globals = TemplateContext.GetRaw(root, "Globals") as YamlMappingNode;

        var tables = new List<TableDefinition>();
        var functions = new List<(FunctionDefinition Function, YamlMappingNode Properties)>();
        var apis = new List<(string LogicalId, YamlMappingNode Properties)>();
        foreach (var (logicalId, resource, type) in EnumerateResources(resources))
        {
            var path = "Resources." + logicalId;
            var properties = TemplateContext.GetRaw(resource, "Properties") as YamlMappingNode ?? new YamlMappingNode();
            switch (type)
            {
                case TemplateTypes.Table or TemplateTypes.SimpleTable:
                    tables.Add(TableReader.Read(context, logicalId, type, properties, path + ".Properties"));
                    break;
                case TemplateTypes.Function:
                    properties = MergeGlobals(TemplateContext.GetRaw(globals, "Function") as YamlMappingNode, properties);
                    functions.Add((FunctionReader.Read(context, logicalId, properties, path + ".Properties"), properties));
                    break;
                case TemplateTypes.HttpApi:
                    apis.Add((logicalId, MergeGlobals(TemplateContext.GetRaw(globals, "HttpApi") as YamlMappingNode, properties)));
                    break;
                case TemplateTypes.LambdaFunction or TemplateTypes.RestApi:
                    context.Warn($"{path} is of type {type}, which the local stack does not run.");
                    break;
            }
        }

        var httpApis = HttpApiReader.Read(
            context,
            apis,
            functions,
            TemplateContext.GetRaw(globals, "HttpApi") as YamlMappingNode);

        return new LocalStackConfiguration
        {
            Parameters = parameters.Values
                .Where(parameter => parameter.Value is not null)
                .ToDictionary(parameter => parameter.Name, parameter => parameter.Value!, StringComparer.Ordinal),
            Tables = tables,
            Functions = functions.Select(entry => entry.Function).ToList(),
            HttpApis = httpApis,
            Warnings = context.Warnings,
        };
    }

    /// <summary>
    /// Returns the local stand-in for the id AWS gives an API: ten lower-case letters and digits derived from the
    /// logical id, so that it stays the same from one start to the next.
    /// </summary>
    public static string CreateApiId(string logicalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(logicalId);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(logicalId));
        var id = new char[10];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = Alphabet[hash[i] % Alphabet.Length];
        }

        return new string(id);
    }

    private static YamlMappingNode Load(TextReader reader)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new TemplateException($"The template is not valid YAML (line {e.Start.Line}): {e.Message}", e);
        }

        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new TemplateException("The template is empty or its top level is not a mapping.");
    }

    private static Dictionary<string, TemplateParameter> ReadParameters(
        YamlMappingNode root, TemplateReaderOptions options)
    {
        var parameters = new Dictionary<string, TemplateParameter>(StringComparer.Ordinal);
        if (TemplateContext.GetRaw(root, "Parameters") is not YamlMappingNode section)
        {
            return parameters;
        }

        foreach (var (key, value) in section.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || value is not YamlMappingNode definition)
            {
                throw new TemplateException($"Parameters (line {key.Start.Line}) must map names to definitions.");
            }

            var type = (TemplateContext.GetRaw(definition, "Type") as YamlScalarNode)?.Value ?? "String";
            var defaultValue = TemplateContext.GetRaw(definition, "Default") switch
            {
                YamlScalarNode scalar => scalar.Value,
                YamlSequenceNode sequence => string.Join(
                    ',', sequence.Children.OfType<YamlScalarNode>().Select(item => item.Value)),
                _ => null,
            };
            var effective = options.ParameterOverrides.TryGetValue(name, out var overridden) ? overridden : defaultValue;
            parameters[name] = new TemplateParameter(name, type, effective);
        }

        return parameters;
    }

    // Ref and Fn::GetAtt may name any resource, so every resource gets its local Ref value before any is read.
    private static Dictionary<string, LocalResource> IndexResources(
        YamlMappingNode resources, TemplateReaderOptions options)
    {
        var index = new Dictionary<string, LocalResource>(StringComparer.Ordinal);
        foreach (var (logicalId, resource, type) in EnumerateResources(resources))
        {
            var refValue = type switch
            {
                TemplateTypes.Table or TemplateTypes.SimpleTable => TableReader.GetLocalName(logicalId, resource, options),
                TemplateTypes.HttpApi => CreateApiId(logicalId),
                _ => logicalId,
            };
            index[logicalId] = new LocalResource(logicalId, type, refValue);
        }

        // SAM creates this API for HttpApi events without an ApiId, and templates may refer to it.
        index.TryAdd(
            TemplateTypes.ImplicitHttpApi,
            new LocalResource(
                TemplateTypes.ImplicitHttpApi,
                TemplateTypes.HttpApi,
                CreateApiId(TemplateTypes.ImplicitHttpApi)));
        return index;
    }

    private static IEnumerable<(string LogicalId, YamlMappingNode Resource, string Type)> EnumerateResources(
        YamlMappingNode resources)
    {
        foreach (var (key, value) in resources.Children)
        {
            if (key is not YamlScalarNode { Value: { } logicalId } || value is not YamlMappingNode resource)
            {
                throw new TemplateException($"Resources (line {key.Start.Line}) must map logical ids to resources.");
            }

            var type = (TemplateContext.GetRaw(resource, "Type") as YamlScalarNode)?.Value
                ?? throw new TemplateException($"Resources.{logicalId} (line {key.Start.Line}) has no Type.");
            yield return (logicalId, resource, type);
        }
    }

    /// <summary>
    /// Applies a <c>Globals</c> section: the resource's own properties win, and <c>Environment.Variables</c> maps
    /// are merged key by key, as SAM does.
    /// </summary>
    private static YamlMappingNode MergeGlobals(YamlMappingNode? globals, YamlMappingNode properties)
    {
        if (globals is null)
        {
            return properties;
        }

        var merged = new YamlMappingNode();
        foreach (var (key, value) in globals.Children)
        {
            merged.Children[key] = value;
        }

        foreach (var (key, value) in properties.Children)
        {
            merged.Children[key] = key is YamlScalarNode { Value: "Environment" }
                && merged.Children.TryGetValue(key, out var globalEnvironment)
                && globalEnvironment is YamlMappingNode globalMapping
                && value is YamlMappingNode ownMapping
                    ? MergeVariables(globalMapping, ownMapping)
                    : value;
        }

        return merged;
    }

    private static YamlMappingNode MergeVariables(YamlMappingNode global, YamlMappingNode own)
    {
        var variablesKey = new YamlScalarNode("Variables");
        if (TemplateContext.GetRaw(global, "Variables") is not YamlMappingNode globalVariables
            || TemplateContext.GetRaw(own, "Variables") is not YamlMappingNode ownVariables)
        {
            return own;
        }

        var variables = new YamlMappingNode();
        foreach (var (key, value) in globalVariables.Children.Concat(ownVariables.Children))
        {
            variables.Children[key] = value;
        }

        var merged = new YamlMappingNode();
        foreach (var (key, value) in own.Children)
        {
            merged.Children[key] = value;
        }

        merged.Children[variablesKey] = variables;
        return merged;
    }
}
