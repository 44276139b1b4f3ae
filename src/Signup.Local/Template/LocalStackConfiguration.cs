namespace Signup.Local.Template;

/// <summary>
/// What the local stack needs from a SAM template, with intrinsic functions resolved to local values: the tables
/// to create, the functions to run and the HTTP APIs that route to them.
/// </summary>
public sealed record LocalStackConfiguration
{
    /// <summary>Template parameters with their effective values; list parameters are comma-joined.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>DynamoDB tables, in template order.</summary>
    public required IReadOnlyList<TableDefinition> Tables { get; init; }

    /// <summary>Lambda functions, in template order.</summary>
    public required IReadOnlyList<FunctionDefinition> Functions { get; init; }

    /// <summary>HTTP APIs with their routes, in template order.</summary>
    public required IReadOnlyList<HttpApiDefinition> HttpApis { get; init; }

    /// <summary>Parts of the template that the local stack ignores or could not resolve.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Returns the function with logical id <paramref name="logicalId"/>.</summary>
    /// <exception cref="KeyNotFoundException">The template defines no such function.</exception>
    public FunctionDefinition GetFunction(string logicalId) =>
        Functions.FirstOrDefault(function => string.Equals(function.LogicalId, logicalId, StringComparison.Ordinal))
        ?? throw new KeyNotFoundException($"The template defines no function '{logicalId}'.");
}
