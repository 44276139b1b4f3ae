using Signup.Lambda;
using Signup.Local.TestFunction;

// A function for the local stack's tests. Its behaviour is chosen by the request path (see TestHandler) and, for
// the init phase, by the TEST_FUNCTION_INIT variable: "fail" reports an init error, "exit" exits without one,
// and "sleep:<ms>" delays the first request for the next event.
using var shutdown = new ShutdownSignal();
using var client = RuntimeApiClient.FromEnvironment();
var bootstrap = new LambdaBootstrap(client);
try
{
    await bootstrap.RunAsync(InitializeAsync, shutdown.Token);
    return 0;
}
catch (RuntimeApiException e)
{
    Console.Error.WriteLine($"The Runtime API failed: {e.Message}");
    return 1;
}

static async Task<LambdaHandler> InitializeAsync(CancellationToken cancellationToken)
{
    var init = Environment.GetEnvironmentVariable("TEST_FUNCTION_INIT") ?? string.Empty;
    if (init == "fail")
    {
        throw new InvalidOperationException("Initialization failed on purpose.");
    }

    if (init == "exit")
    {
        Environment.Exit(4);
    }

    if (init.StartsWith("sleep:", StringComparison.Ordinal))
    {
        await Task.Delay(int.Parse(init["sleep:".Length..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
    }

    return TestHandler.HandleAsync;
}
