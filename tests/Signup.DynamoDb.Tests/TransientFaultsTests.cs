using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Signup.DynamoDb.Tests;

public sealed class TransientFaultsTests
{
    [Theory]
    [MemberData(nameof(Faults.TransientErrors), MemberType = typeof(Faults))]
    public void IsTransient_TransientFault_True(string fault) =>
        Assert.True(TransientFaults.IsTransient(Faults.Create(fault), CancellationToken.None));

    [Theory]
    [InlineData(nameof(TransactionConflictException), false)]
    [InlineData(nameof(ThrottlingException), false)]
    [InlineData(nameof(ProvisionedThroughputExceededException), false)]
    [InlineData(nameof(RequestLimitExceededException), false)]
    [InlineData(nameof(InternalServerErrorException), true)]
    [InlineData("ServiceUnavailable", true)]
    [InlineData("ConnectionReset", true)]
    [InlineData("SdkTimeout", true)]
    [InlineData("HttpClientTimeout", true)]
    public void MayHaveTakenEffect_TransientFault(string fault, bool expected) =>
        Assert.Equal(expected, TransientFaults.MayHaveTakenEffect(Faults.Create(fault)));

    [Fact]
    public void MayHaveTakenEffect_ConnectionRefused_False()
    {
        var exception = new HttpRequestException(
            HttpRequestError.ConnectionError,
            "Connection refused (127.0.0.1:1)",
            new SocketException((int)SocketError.ConnectionRefused));

        Assert.False(TransientFaults.MayHaveTakenEffect(exception));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "InternalFailure")]
    [InlineData(HttpStatusCode.BadGateway, "BadGateway")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
    [InlineData(HttpStatusCode.GatewayTimeout, "GatewayTimeout")]
    [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequests")]
    [InlineData(HttpStatusCode.BadRequest, "Throttling")]
    [InlineData(HttpStatusCode.BadRequest, "ThrottlingException")]
    public void IsTransient_RetryableServiceError_True(HttpStatusCode status, string errorCode)
    {
        var exception = new AmazonServiceException("Error", ErrorType.Unknown, errorCode, "request-1", status);

        Assert.True(TransientFaults.IsTransient(exception, CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "ValidationException")]
    [InlineData(HttpStatusCode.BadRequest, "AccessDeniedException")]
    [InlineData(HttpStatusCode.BadRequest, "ResourceNotFoundException")]
    [InlineData(HttpStatusCode.Forbidden, "MissingAuthenticationTokenException")]
    public void IsTransient_ClientError_False(HttpStatusCode status, string errorCode)
    {
        var exception = new AmazonServiceException("Error", ErrorType.Sender, errorCode, "request-1", status);

        Assert.False(TransientFaults.IsTransient(exception, CancellationToken.None));
    }

    [Fact]
    public void IsTransient_CallerCancelled_False()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.False(TransientFaults.IsTransient(new OperationCanceledException(cancellation.Token), cancellation.Token));
    }

    [Fact]
    public void IsTransient_ResourceNotFound_False() =>
        Assert.False(TransientFaults.IsTransient(new ResourceNotFoundException("Table not found"), CancellationToken.None));

    [Fact]
    public void IsTransient_NetworkErrorWrappedInClientException_True()
    {
        var exception = new AmazonClientException("Request failed", new HttpRequestException("Connection refused"));

        Assert.True(TransientFaults.IsTransient(exception, CancellationToken.None));
    }

    [Theory]
    [InlineData("TransactionConflict", true)]
    [InlineData("ThrottlingError", true)]
    [InlineData("ProvisionedThroughputExceeded", true)]
    [InlineData("ConditionalCheckFailed", false)]
    [InlineData("ValidationError", false)]
    [InlineData("None", false)]
    [InlineData(null, false)]
    public void IsRetryableReason_Code_Classified(string? code, bool expected) =>
        Assert.Equal(expected, TransientFaults.IsRetryableReason(code));
}
