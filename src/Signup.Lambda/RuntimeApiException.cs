using System.Net;

namespace Signup.Lambda;

/// <summary>
/// Thrown when the Lambda Runtime API cannot be reached or rejects a request. The runtime cannot go on
/// without the Runtime API, so the bootstrap lets this end the process, except where
/// <see cref="LambdaBootstrap"/> documents otherwise.
/// </summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException()
    {
    }

    public RuntimeApiException(string message)
        : base(message)
    {
    }

    public RuntimeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a non-success HTTP status returned by the Runtime API.</summary>
    public RuntimeApiException(string message, HttpStatusCode statusCode, string? errorType)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    /// <summary>HTTP status the Runtime API returned, or null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary><c>errorType</c> from the Runtime API's error document, when it sent one.</summary>
    public string? ErrorType { get; }
}
