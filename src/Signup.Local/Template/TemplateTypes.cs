namespace Signup.Local.Template;

/// <summary>Resource and event types that the template reader understands.</summary>
internal static class TemplateTypes
{
    public const string Table = "AWS::DynamoDB::Table";
    public const string SimpleTable = "AWS::Serverless::SimpleTable";
    public const string Function = "AWS::Serverless::Function";
    public const string LambdaFunction = "AWS::Lambda::Function";
    public const string HttpApi = "AWS::Serverless::HttpApi";
    public const string RestApi = "AWS::Serverless::Api";
    public const string HttpApiEvent = "HttpApi";

    /// <summary>Logical id of the API that SAM creates for <c>HttpApi</c> events without an <c>ApiId</c>.</summary>
    public const string ImplicitHttpApi = "ServerlessHttpApi";
}
