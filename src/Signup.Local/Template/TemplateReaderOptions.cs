namespace Signup.Local.Template;

/// <summary>Local values that <see cref="TemplateReader"/> substitutes for what AWS would assign.</summary>
public sealed record TemplateReaderOptions
{
    /// <summary>Account id of fake ARNs and events; <c>123456789012</c> is the placeholder AWS documents use.</summary>
    public const string DefaultAccountId = "123456789012";

    /// <summary>Region for <c>AWS::Region</c> and fake ARNs.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Account id for <c>AWS::AccountId</c>, fake ARNs and events.</summary>
    public string AccountId { get; init; } = DefaultAccountId;

    /// <summary>Stack name for <c>AWS::StackName</c>.</summary>
    public string StackName { get; init; } = "signup-local";

    /// <summary>Parameter values that replace the template's defaults, by parameter name.</summary>
    public IReadOnlyDictionary<string, string> ParameterOverrides { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Local table names by logical id. A table without an entry is named by its <c>TableName</c> property, else by
    /// its logical id.
    /// </summary>
    public IReadOnlyDictionary<string, string> TableNames { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal);
}
