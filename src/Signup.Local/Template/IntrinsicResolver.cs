using System.Text;
using YamlDotNet.RepresentationModel;

namespace Signup.Local.Template;

/// <summary>
/// Replaces the intrinsic functions <c>Ref</c>, <c>Fn::GetAtt</c> and <c>Fn::Sub</c>, in short (<c>!Ref</c>) or long
/// (<c>{Ref: X}</c>) form, with local values. Other intrinsics (<c>!If</c>, <c>!Join</c>, <c>!Select</c>, ...) are
/// kept as raw nodes; <see cref="GetUnresolvedIntrinsic"/> names them for the reader's warnings.
/// </summary>
internal sealed class IntrinsicResolver
{
    /// <summary>Stands for <c>AWS::NoValue</c>: mappings and sequences drop entries that resolve to it.</summary>
    public static readonly YamlScalarNode NoValue = new(string.Empty);

    private const string RefTag = "!Ref";
    private const string GetAttTag = "!GetAtt";
    private const string SubTag = "!Sub";
    private const string RefKey = "Ref";
    private const string GetAttKey = "Fn::GetAtt";
    private const string SubKey = "Fn::Sub";

    private readonly IReadOnlyDictionary<string, TemplateParameter> _parameters;
    private readonly IReadOnlyDictionary<string, LocalResource> _resources;
    private readonly TemplateReaderOptions _options;

    public IntrinsicResolver(
        IReadOnlyDictionary<string, TemplateParameter> parameters,
        IReadOnlyDictionary<string, LocalResource> resources,
        TemplateReaderOptions options)
    {
        _parameters = parameters;
        _resources = resources;
        _options = options;
    }

    /// <summary>
    /// Returns the name of the intrinsic function that <paramref name="node"/> calls and that was left unresolved,
    /// such as <c>!If</c> or <c>Fn::Join</c>, or null for a plain value.
    /// </summary>
    public static string? GetUnresolvedIntrinsic(YamlNode node)
    {
        if (!node.Tag.IsEmpty && node.Tag.Value.StartsWith('!'))
        {
            return node.Tag.Value;
        }

        return node is YamlMappingNode { Children.Count: 1 } mapping
            && mapping.Children.Keys.Single() is YamlScalarNode { Value: { } key }
            && (key.StartsWith("Fn::", StringComparison.Ordinal) || key == RefKey)
                ? key
                : null;
    }

    /// <summary>Returns what <c>Ref</c> gives for resource <paramref name="logicalId"/>.</summary>
    public string GetResourceRef(string logicalId) => _resources[logicalId].RefValue;

    /// <summary>Returns a copy of <paramref name="node"/> with the supported intrinsic functions replaced.</summary>
    /// <exception cref="TemplateException">A reference names no parameter or resource, or a function is malformed.</exception>
    public YamlNode Resolve(YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);

        if (!node.Tag.IsEmpty && node.Tag.Value.StartsWith('!'))
        {
            return node.Tag.Value switch
            {
                RefTag => ResolveRef(RequireScalar(node, RefTag), node),
                GetAttTag => ResolveGetAtt(node),
                SubTag => ResolveSub(node),
                _ => node,
            };
        }

        switch (node)
        {
            case YamlMappingNode mapping when GetUnresolvedIntrinsic(mapping) is { } function:
                var argument = mapping.Children.Values.Single();
                return function switch
                {
                    RefKey => ResolveRef(RequireScalar(argument, RefKey), argument),
                    GetAttKey => ResolveGetAtt(argument),
                    SubKey => ResolveSub(argument),
                    _ => mapping,
                };
            case YamlMappingNode mapping:
                var resolvedMapping = new YamlMappingNode();
                foreach (var (key, value) in mapping.Children)
                {
                    var resolved = Resolve(value);
                    if (!ReferenceEquals(resolved, NoValue))
                    {
                        resolvedMapping.Add(key, resolved);
                    }
                }

                return resolvedMapping;
            case YamlSequenceNode sequence:
                var resolvedSequence = new YamlSequenceNode();
                foreach (var item in sequence.Children)
                {
                    var resolved = Resolve(item);
                    if (!ReferenceEquals(resolved, NoValue))
                    {
                        resolvedSequence.Add(resolved);
                    }
                }

                return resolvedSequence;
            default:
                return node;
        }
    }

    /// <summary>Returns the value that <c>Ref</c> gives for <paramref name="name"/>: a scalar, or a sequence for a list parameter.</summary>
    private YamlNode ResolveRef(string name, YamlNode at)
    {
        if (_parameters.TryGetValue(name, out var parameter))
        {
            var value = parameter.Value ?? throw new TemplateException(
                $"Parameter '{name}' (line {Line(at)}) has no Default; pass a value for it as a parameter override.");
            if (!parameter.IsList)
            {
                return new YamlScalarNode(value);
            }

            var list = new YamlSequenceNode();
            foreach (var item in value.Split(',', StringSplitOptions.TrimEntries))
            {
                list.Add(new YamlScalarNode(item));
            }

            return list;
        }

        if (name == "AWS::NoValue")
        {
            return NoValue;
        }

        return new YamlScalarNode(LookupScalar(name, at));
    }

    private YamlScalarNode ResolveGetAtt(YamlNode node)
    {
        string logicalId;
        string attribute;
        if (node is YamlScalarNode { Value: { } text } && text.IndexOf('.', StringComparison.Ordinal) is var dot and > 0)
        {
            logicalId = text[..dot];
            attribute = text[(dot + 1)..];
        }
        else if (node is YamlSequenceNode { Children.Count: 2 } pair
            && Resolve(pair.Children[0]) is YamlScalarNode { Value: { } first }
            && Resolve(pair.Children[1]) is YamlScalarNode { Value: { } second })
        {
            logicalId = first;
            attribute = second;
        }
        else
        {
            throw new TemplateException(
                $"Invalid Fn::GetAtt at line {Line(node)}: expected 'LogicalId.Attribute' or [LogicalId, Attribute].");
        }

        return new YamlScalarNode(GetAttribute(logicalId, attribute, node));
    }

    private YamlScalarNode ResolveSub(YamlNode node)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            return new YamlScalarNode(Substitute(text, variables: null, node));
        }

        if (node is YamlSequenceNode { Children.Count: 2 } pair
            && pair.Children[0] is YamlScalarNode { Value: { } format }
            && pair.Children[1] is YamlMappingNode variableNodes)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in variableNodes.Children)
            {
                var name = RequireScalar(key, SubKey);
                variables[name] = Resolve(value) switch
                {
                    YamlScalarNode scalar => scalar.Value ?? string.Empty,
                    YamlSequenceNode list => JoinScalars(list),
                    _ => throw new TemplateException(
                        $"Fn::Sub variable '{name}' at line {Line(value)} does not resolve to a string."),
                };
            }

            return new YamlScalarNode(Substitute(format, variables, node));
        }

        throw new TemplateException(
            $"Invalid Fn::Sub at line {Line(node)}: expected a string or [string, {{variables}}].");
    }

    private string Substitute(string format, Dictionary<string, string>? variables, YamlNode at)
    {
        var result = new StringBuilder(format.Length);
        var position = 0;
        while (position < format.Length)
        {
            var start = format.IndexOf("${", position, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(format, position, format.Length - position);
                break;
            }

            result.Append(format, position, start - position);
            var end = format.IndexOf('}', start + 2);
            if (end < 0)
            {
                throw new TemplateException($"Fn::Sub at line {Line(at)} has an unterminated '${{' in '{format}'.");
            }

            var name = format[(start + 2)..end].Trim();
            if (name.StartsWith('!'))
            {
                // ${!Name} is Fn::Sub's escape for a literal ${Name}.
                result.Append("${").Append(name, 1, name.Length - 1).Append('}');
            }
            else if (variables is not null && variables.TryGetValue(name, out var value))
            {
                result.Append(value);
            }
            else if (_parameters.TryGetValue(name, out var parameter))
            {
                result.Append(parameter.Value ?? throw new TemplateException(
                    $"Parameter '{name}' (line {Line(at)}) has no Default; pass a value for it as a parameter override."));
            }
            else if (name.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal))
            {
                result.Append(GetAttribute(name[..dot], name[(dot + 1)..], at));
            }
            else
            {
                result.Append(LookupScalar(name, at));
            }

            position = end + 1;
        }

        return result.ToString();
    }

    // Returns the Ref value of a pseudo parameter or a resource.
    private string LookupScalar(string name, YamlNode at)
    {
        var pseudo = name switch
        {
            "AWS::Region" => _options.Region,
            "AWS::AccountId" => _options.AccountId,
            "AWS::StackName" => _options.StackName,
            "AWS::StackId" =>
                $"arn:aws:cloudformation:{_options.Region}:{_options.AccountId}:stack/{_options.StackName}/{Guid.Empty}",
            "AWS::Partition" => "aws",
            "AWS::URLSuffix" => "amazonaws.com",
            _ => null,
        };
        if (pseudo is not null)
        {
            return pseudo;
        }

        if (_resources.TryGetValue(name, out var resource))
        {
            return resource.RefValue;
        }

        throw new TemplateException(
            $"Reference to '{name}' at line {Line(at)} names no parameter, resource or supported pseudo parameter.");
    }

    private string GetAttribute(string logicalId, string attribute, YamlNode at)
    {
        if (!_resources.TryGetValue(logicalId, out var resource))
        {
            throw new TemplateException(
                $"Fn::GetAtt at line {Line(at)} names '{logicalId}', which is not a resource of the template.");
        }

        return resource.GetAttribute(attribute, _options);
    }

    private static string RequireScalar(YamlNode node, string function) =>
        node is YamlScalarNode { Value: { } value }
            ? value
            : throw new TemplateException($"{function} at line {Line(node)} must name a parameter or resource.");

    private static string JoinScalars(YamlSequenceNode list) =>
        string.Join(',', list.Children.OfType<YamlScalarNode>().Select(scalar => scalar.Value));

    private static long Line(YamlNode node) => node.Start.Line;
}
