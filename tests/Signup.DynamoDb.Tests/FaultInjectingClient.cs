using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Signup.DynamoDb.Tests;

/// <summary>
/// A real DynamoDB client whose <c>TransactWriteItemsAsync</c> first calls <c>failure</c> with the 1-based call number.
/// A returned exception is thrown, and null sends the request.
/// </summary>
internal sealed class FaultInjectingClient(AmazonDynamoDBConfig config, Func<int, Exception?> failure)
    : AmazonDynamoDBClient(config)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Throws the exception <paramref name="count"/> times, then sends requests.</summary>
    public static Func<int, Exception?> FailFirst(int count, Func<Exception> exception) =>
        call => call <= count ? exception() : null;

    public override Task<TransactWriteItemsResponse> TransactWriteItemsAsync(
        TransactWriteItemsRequest request,
        CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        return failure(call) is { } exception
            ? Task.FromException<TransactWriteItemsResponse>(exception)
            : base.TransactWriteItemsAsync(request, cancellationToken);
    }
}
