using Signup.Core;

namespace Signup.Bench;

/// <summary>Open-loop registrations through the local stack at fractions of C, with the production hash.</summary>
internal static class LoadScenario
{
    public static async Task<LoadResult> RunAsync(BenchRun run)
    {
        var hash = run.ProductionHash;
        Console.WriteLine("Starting the local stack (Native AOT function, DynamoDB Local in memory)...");
        using var timings = new FunctionTimings();
        await using var stack = await Stack
            .StartAsync(run.Root, new Dictionary<string, string>(), timings, run.LoggerFactory)
            .ConfigureAwait(false);
        var registrations = new Registrations();
        using var generator = new LoadGenerator(stack.ApiUrl);
        var warmUp = await Stack.WarmUpAsync(stack, generator, registrations.CreateUser, run.Settings.WarmUpDuration)
            .ConfigureAwait(false);
        BenchRun.PrintLevel("warm-up", warmUp);
        timings.Take();

        var percents = run.Settings.LoadPercents;
        var levels = new List<LevelResult>();
        foreach (var percent in percents)
        {
            var level = await generator.RunOpenLoopAsync(
                    registrations.CreateUser, hash.RatePerSecond * percent / 100, run.Settings.LevelDuration)
                .ConfigureAwait(false);
            level = level with { Function = timings.Take() };
            BenchRun.PrintLevel($"{percent} % of C", level);
            levels.Add(level);
        }

        var created = warmUp.Count("200") + levels.Sum(level => level.Count("200"));
        var users = await Stack.CountUsersAsync(stack).ConfigureAwait(false);
        Console.WriteLine($"  users stored {users}, responses 200 {created}");
        var rss = stack.GetFunctionStatus(Stack.FunctionName(stack)).ProcessIds.Select(ProcessMemory.ResidentMiB).ToArray();
        Console.WriteLine($"  function processes' VmRSS: {string.Join(", ", rss.Select(mib => $"{mib:0.0}"))} MiB");
        var functionMode = stack.FunctionMode.Replace(run.Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        return new LoadResult(hash, functionMode, percents, [.. levels], users, created, rss);
    }
}

/// <summary>
/// The same path as <see cref="LoadScenario"/> with libsodium's cheapest Argon2id setting, which the function
/// accepts only in the local stack, so that what remains is everything but the hash.
/// </summary>
internal static class OverheadScenario
{
    private static readonly Dictionary<string, string> MinimumHashEnvironment = new(StringComparer.Ordinal)
    {
        [Argon2idOptions.BenchmarkMinimumHashVariable] = "true",
        [Argon2idOptions.LocalStackVariable] = "1",
    };

    public static async Task<OverheadResult> RunAsync(BenchRun run)
    {
        var settings = run.Settings;
        var options = Argon2idOptions.FromEnvironment(MinimumHashEnvironment.GetValueOrDefault);
        var hash = HashMeter.MeasureArgon2id(options, settings.HashSamples, settings.HashRateDuration);
        Console.WriteLine($"  {hash.Parameters}: {hash.MedianMs:0.000} ms per hash");

        Console.WriteLine("Starting the local stack with the minimum hash...");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Argon2idOptions.BenchmarkMinimumHashVariable] = "true",
        };
        using var timings = new FunctionTimings();
        await using var stack = await Stack.StartAsync(run.Root, environment, timings, run.LoggerFactory)
            .ConfigureAwait(false);
        var registrations = new Registrations();
        using var generator = new LoadGenerator(stack.ApiUrl);
        var warmUp = await Stack.WarmUpAsync(stack, generator, registrations.CreateUser, settings.WarmUpDuration)
            .ConfigureAwait(false);
        BenchRun.PrintLevel("warm-up", warmUp);
        timings.Take();
        if (timings.MemoryCosts.Any(memoryKiB => memoryKiB != options.MemoryKiB))
        {
            throw new InvalidOperationException(
                $"The function processes hash with m = {string.Join(", ", timings.MemoryCosts)} KiB instead of " +
                $"{options.MemoryKiB} KiB: the Native AOT build does not honour {Argon2idOptions.BenchmarkMinimumHashVariable}. " +
                "Delete artifacts/aot and run again.");
        }

        var closed = new List<LevelResult>();
        foreach (var clients in settings.OverheadClients)
        {
            var level = await generator.RunClosedLoopAsync(registrations.CreateUser, clients, settings.OverheadClosedDuration)
                .ConfigureAwait(false);
            level = level with { Function = timings.Take() };
            BenchRun.PrintLevel(clients == 1 ? "1 client" : $"{clients} clients", level);
            closed.Add(level);
        }

        var sweepBase = closed.Max(level => level.Throughput);
        var sweep = new List<LevelResult>();
        foreach (var percent in settings.OverheadPercents)
        {
            var level = await generator.RunOpenLoopAsync(
                    registrations.CreateUser, sweepBase * percent / 100, settings.OverheadLevelDuration)
                .ConfigureAwait(false);
            level = level with { Function = timings.Take() };
            BenchRun.PrintLevel($"{percent} % of max", level);
            sweep.Add(level);
        }

        var created = warmUp.Count("200") + closed.Concat(sweep).Sum(level => level.Count("200"));
        var users = await Stack.CountUsersAsync(stack).ConfigureAwait(false);
        Console.WriteLine($"  users stored {users}, responses 200 {created}");
        return new OverheadResult(hash, [.. closed], sweepBase, settings.OverheadPercents, [.. sweep], users, created);
    }
}
