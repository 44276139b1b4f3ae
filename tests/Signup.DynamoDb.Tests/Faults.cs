using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Signup.DynamoDb.Tests;

/// <summary>Exceptions as the SDK raises them for the failures that the store meets, by name for theory data.</summary>
internal static class Faults
{
    private static readonly string[] TransientErrorNames =
    [
        nameof(TransactionConflictException),
        nameof(ThrottlingException),
        nameof(ProvisionedThroughputExceededException),
        nameof(RequestLimitExceededException),
        nameof(InternalServerErrorException),
        "ServiceUnavailable",
        "ConnectionReset",
        "SdkTimeout",
        "HttpClientTimeout",
    ];

    private static readonly string[] TransientCancellationNames =
    [
        "CancelledByTransactionConflict",
        "CancelledByThrottling",
    ];

    /// <summary>Exceptions other than a cancelled transaction that a retry can clear.</summary>
    public static readonly TheoryData<string> TransientErrors = new(TransientErrorNames);

    /// <summary>Every fault that a retry can clear, cancelled transactions with busy items included.</summary>
    public static readonly TheoryData<string> Transient = new(TransientErrorNames.Concat(TransientCancellationNames));

    public static Exception Create(string name) => name switch
    {
        nameof(TransactionConflictException) => new TransactionConflictException("Transaction is ongoing for the item"),
        nameof(ThrottlingException) => new ThrottlingException("Throughput exceeds the current capacity"),
        nameof(ProvisionedThroughputExceededException) =>
            new ProvisionedThroughputExceededException("The level of configured provisioned throughput was exceeded"),
        nameof(RequestLimitExceededException) => new RequestLimitExceededException("Throughput exceeds the account limit"),
        nameof(InternalServerErrorException) => new InternalServerErrorException("Internal server error"),
        "ServiceUnavailable" => new AmazonServiceException(
            "Service unavailable",
            ErrorType.Receiver,
            "ServiceUnavailable",
            "request-1",
            HttpStatusCode.ServiceUnavailable),
        "CancelledByTransactionConflict" => Cancelled("None", "TransactionConflict", "None"),
        "CancelledByThrottling" => Cancelled("ThrottlingError", "None", "None"),
        "ConnectionReset" => new HttpRequestException(
            "An error occurred while sending the request.",
            new IOException("Connection reset", new SocketException((int)SocketError.ConnectionReset))),
        "SdkTimeout" => new TimeoutException(
            "The operation was canceled.",
            new TaskCanceledException("The operation was canceled.")),
        "HttpClientTimeout" => new TaskCanceledException(
            "The request was canceled due to the configured HttpClient.Timeout of 2 seconds elapsing.",
            new TimeoutException("The operation was canceled.")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such fault."),
    };

    /// <summary>Creates the exception for a cancelled transaction with one reason code per item, or no list at all.</summary>
    public static TransactionCanceledException Cancelled(params string[]? codes) =>
        new("Transaction cancelled, please refer cancellation reasons for specific reasons")
        {
            CancellationReasons = codes?.Select(code => new CancellationReason { Code = code }).ToList(),
        };
}
