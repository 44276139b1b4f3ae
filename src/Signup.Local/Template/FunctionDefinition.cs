namespace Signup.Local.Template;

/// <summary>A Lambda function of the template (<c>AWS::Serverless::Function</c>).</summary>
public sealed record FunctionDefinition
{
    /// <summary>Resource name in the template; also the local function name.</summary>
    public required string LogicalId { get; init; }

    /// <summary>Handler, such as <c>bootstrap</c> for a custom runtime.</summary>
    public required string Handler { get; init; }

    /// <summary>Runtime identifier, such as <c>provided.al2023</c>.</summary>
    public required string Runtime { get; init; }

    /// <summary>Memory size in MB (Lambda's default is 128).</summary>
    public required int MemorySize { get; init; }

    /// <summary>Time an invocation may run before Lambda stops it (Lambda's default is 3 s).</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Maximum number of concurrent instances, or null when the template reserves none.</summary>
    public int? ReservedConcurrency { get; init; }

    /// <summary>Environment variables with intrinsic functions resolved to local values.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Log format from <c>LoggingConfig.LogFormat</c>: <c>Text</c> (Lambda's default) or <c>JSON</c>.</summary>
    public string LogFormat { get; init; } = "Text";

    /// <summary>Application log level from <c>LoggingConfig.ApplicationLogLevel</c>, if set.</summary>
    public string? ApplicationLogLevel { get; init; }
}
