namespace Signup.Function.Http;

/// <summary>
/// The parts of an API Gateway request that the function reads, independent of the payload format.
/// </summary>
/// <param name="Method">The HTTP method, upper-case.</param>
/// <param name="Headers">Request headers; names compare case-insensitively.</param>
/// <param name="Body">The body as API Gateway sent it: text, or base64 when <paramref name="IsBase64Encoded"/>.</param>
/// <param name="IsBase64Encoded">Whether <paramref name="Body"/> is base64.</param>
/// <param name="RequestId">API Gateway's request id, which callers see in the <c>apigw-requestid</c> header.</param>
internal sealed record FunctionRequest(
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    bool IsBase64Encoded,
    string RequestId)
{
    public string? GetHeader(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
