using YamlDotNet.RepresentationModel;

namespace Signup.Local.Template;

/// <summary>Reads <c>AWS::Serverless::Function</c> resources, after <c>Globals.Function</c> was merged in.</summary>
internal static class FunctionReader
{
    // Lambda's defaults when the template leaves these out.
    private const int DefaultMemorySize = 128;
    private const int DefaultTimeoutSeconds = 3;

    public static FunctionDefinition Read(
        TemplateContext context, string logicalId, YamlMappingNode properties, string path)
    {
        var memorySize = context.GetInt(properties, "MemorySize", path) ?? DefaultMemorySize;
        var timeout = context.GetInt(properties, "Timeout", path) ?? DefaultTimeoutSeconds;
        if (memorySize <= 0 || timeout <= 0)
        {
            throw new TemplateException($"{path}: MemorySize and Timeout must be positive.");
        }

        var reserved = context.GetInt(properties, "ReservedConcurrentExecutions", path);
        if (reserved is <= 0)
        {
            // Zero makes Lambda reject every invocation; locally one instance keeps the function usable.
            context.Warn($"{path}.ReservedConcurrentExecutions is {reserved}; the local stack runs one instance.");
            reserved = 1;
        }

        var logging = context.GetMapping(properties, "LoggingConfig", path);
        return new FunctionDefinition
        {
            LogicalId = logicalId,
            Handler = context.GetString(properties, "Handler", path) ?? "bootstrap",
            Runtime = context.GetString(properties, "Runtime", path) ?? "provided.al2023",
            MemorySize = memorySize,
            Timeout = TimeSpan.FromSeconds(timeout),
            ReservedConcurrency = reserved,
            Environment = ReadEnvironment(context, properties, path),
            LogFormat = context.GetString(logging, "LogFormat", path + ".LoggingConfig") ?? "Text",
            ApplicationLogLevel = context.GetString(logging, "ApplicationLogLevel", path + ".LoggingConfig"),
        };
    }

    private static Dictionary<string, string> ReadEnvironment(
        TemplateContext context, YamlMappingNode properties, string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var environment = context.GetMapping(properties, "Environment", path);
        var variablesPath = path + ".Environment.Variables";
        if (TemplateContext.GetRaw(environment, "Variables") is not YamlMappingNode raw)
        {
            return variables;
        }

        foreach (var key in raw.Children.Keys.OfType<YamlScalarNode>())
        {
            var name = key.Value!;
            switch (context.Get(raw, name, variablesPath))
            {
                case YamlScalarNode { Value: var value }:
                    variables[name] = value ?? string.Empty;
                    break;
                case YamlSequenceNode list:
                    variables[name] = string.Join(',', list.Children.OfType<YamlScalarNode>().Select(item => item.Value));
                    break;
                case null:
                    break;
                default:
                    throw new TemplateException($"{variablesPath}.{name} must be a string.");
            }
        }

        return variables;
    }
}
