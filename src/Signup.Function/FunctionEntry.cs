using Microsoft.Extensions.Logging;
using Signup.Core;
using Signup.DynamoDb;
using Signup.Function.Http;
using Signup.Function.Logging;
using Signup.Lambda;
using Signup.Lambda.ApiGateway;

namespace Signup.Function;

/// <summary>
/// Builds the function from its environment and adapts API Gateway events, in either payload format, to
/// <see cref="CreateUserHandler"/>.
/// </summary>
internal static class FunctionEntry
{
    // The request headers the handler reads, by their lower-case names.
    private static readonly string[] HandlerHeaders = ["content-type", "idempotency-key"];

    /// <summary>
    /// Checks that Unicode normalisation works, reads the settings and creates the one DynamoDB client of the
    /// process. An exception here becomes an init error, which the runtime logs and posts to the Runtime API, so no
    /// request reaches a process that cannot serve it.
    /// </summary>
    public static LambdaHandler Initialize(Func<string, string?> getVariable, ILogger logger, TimeProvider timeProvider)
    {
        var started = timeProvider.GetTimestamp();
        GlobalizationCheck.Verify();
        var hashOptions = Argon2idOptions.FromEnvironment(getVariable);
        var store = DynamoDbUserStore.FromEnvironment(DynamoDbClientFactory.Create(getVariable), getVariable);
        var service = new RegistrationService(
            new RegistrationValidator(), new Argon2idPasswordHasher(hashOptions), store, timeProvider);
        var handler = new CreateUserHandler(service, logger, timeProvider);

        FunctionLog.Initialized(
            logger,
            timeProvider.GetElapsedTime(started).TotalMilliseconds,
            hashOptions.MemoryKiB,
            hashOptions.Iterations,
            hashOptions.Parallelism);
        return (invocation, cancellationToken) => HandleAsync(handler, invocation, cancellationToken);
    }

    private static async Task<ReadOnlyMemory<byte>> HandleAsync(
        CreateUserHandler handler,
        Invocation invocation,
        CancellationToken cancellationToken)
    {
        LambdaJsonLogger.SetRequestId(invocation.RequestId);
        if (!ApiGatewayRequest.TryParse(invocation.Body.Span, out var apiRequest))
        {
            // Not an API Gateway event: a direct invocation. Failing it shows up as a function error, not as a 4xx.
            throw new InvalidOperationException("The event is not an API Gateway proxy event (payload format 1.0 or 2.0).");
        }

        // Only the headers the handler reads are copied: the media type and the idempotency key.
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in HandlerHeaders)
        {
            if (apiRequest.GetHeader(name) is { } value)
            {
                headers[name] = value;
            }
        }

        var request = new FunctionRequest(
            apiRequest.HttpMethod,
            headers,
            apiRequest.HttpApiV2Event?.Body ?? apiRequest.ProxyEvent?.Body,
            apiRequest.HttpApiV2Event?.IsBase64Encoded ?? apiRequest.ProxyEvent?.IsBase64Encoded ?? false,
            apiRequest.RequestId ?? invocation.RequestId);
        var response = await handler.HandleAsync(request, invocation.Deadline, cancellationToken).ConfigureAwait(false);
        return apiRequest.SerializeResponse(response.StatusCode, response.Headers.ToDictionary(), response.Body);
    }
}
