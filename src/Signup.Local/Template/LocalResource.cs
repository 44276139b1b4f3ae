using System.Globalization;

namespace Signup.Local.Template;

/// <summary>A resource of the template with the local values that <c>Ref</c> and <c>Fn::GetAtt</c> give for it.</summary>
/// <param name="LogicalId">Resource name in the template.</param>
/// <param name="Type">Resource type, such as <c>AWS::DynamoDB::Table</c>.</param>
/// <param name="RefValue">What <c>Ref</c> returns: a table name, a function name, an API id, else the logical id.</param>
internal sealed record LocalResource(string LogicalId, string Type, string RefValue)
{
    /// <summary>
    /// Returns a local stand-in for attribute <paramref name="attribute"/>: ARNs in AWS's format for tables and
    /// functions, the execute-api URL for <c>ApiEndpoint</c>, and a fake <c>arn:aws:local</c> ARN for anything else.
    /// </summary>
    public string GetAttribute(string attribute, TemplateReaderOptions options)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{options.Region}:{options.AccountId}");
        return (Type, attribute) switch
        {
            (TemplateTypes.Table or TemplateTypes.SimpleTable, "Arn") => $"arn:aws:dynamodb:{prefix}:table/{RefValue}",
            (TemplateTypes.Table, "StreamArn") =>
                $"arn:aws:dynamodb:{prefix}:table/{RefValue}/stream/1970-01-01T00:00:00.000",
            (TemplateTypes.Function or TemplateTypes.LambdaFunction, "Arn") =>
                $"arn:aws:lambda:{prefix}:function:{RefValue}",
            (TemplateTypes.HttpApi, "ApiEndpoint") => $"https://{RefValue}.execute-api.{options.Region}.amazonaws.com",
            _ => $"arn:aws:local:{prefix}:{LogicalId}/{attribute}",
        };
    }
}
