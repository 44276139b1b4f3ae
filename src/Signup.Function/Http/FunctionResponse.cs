namespace Signup.Function.Http;

/// <summary>A response in terms API Gateway maps back to HTTP: status, headers and a text body.</summary>
internal sealed record FunctionResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body);
