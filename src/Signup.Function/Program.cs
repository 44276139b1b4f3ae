using Signup.Function;
using Signup.Function.Logging;
using Signup.Lambda;

// The function's bootstrap: a custom runtime process that serves invocations from the Lambda Runtime API
// until Lambda (or the local emulator) stops it with SIGTERM.
var logger = new LambdaJsonLogger(
    Console.OpenStandardOutput(),
    LambdaJsonLogger.ParseLevel(Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL")),
    TimeProvider.System);

using var shutdown = new ShutdownSignal();
try
{
    using var client = RuntimeApiClient.FromEnvironment();
    var bootstrap = new LambdaBootstrap(client, logger);
    await bootstrap.RunAsync(
        _ => Task.FromResult(FunctionEntry.Initialize(Environment.GetEnvironmentVariable, logger, TimeProvider.System)),
        shutdown.Token);
    return 0;
}
catch (Exception exception)
{
    FunctionLog.RuntimeStopped(logger, exception, exception.Message);
    return 1;
}
