using Signup.Lambda;
using Signup.Local;
using Signup.Local.Template;

if (args is [CommandLine.CheckCommand, .. var checkArguments])
{
    if (!CommandLine.TryParseCheck(checkArguments, Environment.GetEnvironmentVariable, out var checkOptions, out var checkError))
    {
        return ShowUsage(checkError);
    }

    using var checkShutdown = new ShutdownSignal();
    try
    {
        return await TableCheck.RunAsync(checkOptions, Console.Out, Console.Error, checkShutdown.Token);
    }
    catch (OperationCanceledException) when (checkShutdown.Token.IsCancellationRequested)
    {
        Console.Error.WriteLine("error: the check was interrupted.");
        return TableCheck.Failed;
    }
}

if (!CommandLine.TryParse(args, Environment.GetEnvironmentVariable, out var options, out var error))
{
    return ShowUsage(error);
}

// Ctrl-C and SIGTERM cancel this token, and the stack then stops every process it started. A second signal
// ends this process at once.
using var shutdown = new ShutdownSignal();
LocalStack stack;
try
{
    stack = await LocalStack.StartAsync(options, shutdown.Token);
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    return 0;
}
catch (Exception e) when (e is TemplateException or InvalidOperationException or TimeoutException or IOException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

await using (stack)
{
    try
    {
        await Task.Delay(Timeout.Infinite, shutdown.Token);
    }
    catch (OperationCanceledException)
    {
        // Stopping is the normal way out.
    }
}

Console.WriteLine("Stopped.");
return 0;

// Prints the usage for --help (exit code 0) or after an invalid argument, with the error (exit code 2).
static int ShowUsage(string? error)
{
    if (error is null)
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }

    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
