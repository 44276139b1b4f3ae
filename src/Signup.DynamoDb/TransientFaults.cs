using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Signup.DynamoDb;

/// <summary>Decides which DynamoDB failures a later attempt of the same write can clear.</summary>
internal static class TransientFaults
{
    // Per-item codes in TransactionCanceledException.CancellationReasons that mean "busy", not "refused".
    private static readonly FrozenSet<string> RetryableReasonCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "TransactionConflict",
        "ThrottlingError",
        "ProvisionedThroughputExceeded",
        "RequestLimitExceeded");

    // Error codes of throttling responses that the SDK may surface as a plain AmazonServiceException.
    private static readonly FrozenSet<string> ThrottlingErrorCodes = FrozenSet.Create(
        StringComparer.Ordinal,
        "Throttling",
        "ThrottlingException",
        "RequestThrottled",
        "TooManyRequestsException");

    public static bool IsRetryableReason(string? code) => code is not null && RetryableReasonCodes.Contains(code);

    /// <summary>
    /// Returns true for throttling, transaction conflicts, server errors, network failures and timeouts.
    /// A cancellation counts as a timeout only while <paramref name="callerToken"/> is not cancelled.
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested,
        TransactionConflictException
            or TransactionInProgressException
            or ProvisionedThroughputExceededException
            or RequestLimitExceededException
            or ThrottlingException
            or InternalServerErrorException => true,
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } => true,
        AmazonServiceException { StatusCode: HttpStatusCode.TooManyRequests } => true,
        AmazonServiceException { ErrorCode: { } code } when ThrottlingErrorCodes.Contains(code) => true,
        _ => HasNetworkCause(exception),
    };

    /// <summary>
    /// Returns false for a transient fault after which the database has certainly not applied the request: a
    /// throttling or conflict response, or a connection that could not be opened. Returns true for the rest, such as
    /// a timeout, a lost connection or a server error, because the request may have been applied or may still be.
    /// </summary>
    public static bool MayHaveTakenEffect(Exception exception) => exception switch
    {
        TransactionConflictException
            or ProvisionedThroughputExceededException
            or RequestLimitExceededException
            or ThrottlingException => false,
        AmazonServiceException { StatusCode: HttpStatusCode.TooManyRequests } => false,
        AmazonServiceException { ErrorCode: { } code } when ThrottlingErrorCodes.Contains(code) => false,
        _ => !FailedToConnect(exception),
    };

    private static bool FailedToConnect(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
                || current is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    // The SDK may pass a connection failure through or wrap it, so the whole chain of inner exceptions counts.
    private static bool HasNetworkCause(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException or IOException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
