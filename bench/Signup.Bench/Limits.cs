using System.Text;

namespace Signup.Bench;

/// <summary>The page's closing section: what the CPU accounting shows about the bounds, and the method's limits.</summary>
internal static class Limits
{
    private static readonly (string Kind, string Label)[] Kinds =
    [
        ("function", "function processes, the minimum hash included"),
        ("dynamodb-local", "DynamoDB Local"),
        ("benchmark", "benchmark process (load generator, gateway, Runtime API emulator)"),
    ];

    public static void Write(StringBuilder page, RunResult result)
    {
        page.AppendLine("## What bounds the numbers");
        page.AppendLine();
        var perRequest = OverheadCpuPerRequest(result.Overhead?.Data);
        if (perRequest is not null)
        {
            var total = perRequest.Values.Sum();
            page.AppendLine($"From the overhead scenario's busiest closed-loop level, everything but the hash costs about");
            page.AppendLine($"**{total:0.0} ms of CPU per registration** on this machine:");
            page.AppendLine();
            foreach (var (kind, label) in Kinds)
            {
                page.AppendLine($"- {label}: {perRequest.GetValueOrDefault(kind):0.00} ms");
            }

            page.AppendLine();
            if (result.Load?.Data is { } load)
            {
                var hash = load.Hash;
                var cores = hash.Threads;

                // With every core busy a hash takes cores / C of CPU time, which can be well above t_h when the
                // cores share caches and memory bandwidth.
                var hashCpuMs = cores * 1000 / hash.RatePerSecond;
                var ceiling = cores * 1000 / (hashCpuMs + total);
                var best = load.Levels.Max(level => level.Throughput);
                page.AppendLine($"With every core hashing, one hash costs {cores} / C = {hashCpuMs:0.0} ms of CPU (t_h alone is");
                page.AppendLine($"{hash.MedianMs:0.0} ms). A registration therefore needs about {hashCpuMs:0.0} + {total:0.0} = " +
                    $"{hashCpuMs + total:0.0} ms of CPU, and {cores} cores");
                page.AppendLine($"can complete at most about **{ceiling:0.0}/s = {ceiling / hash.RatePerSecond:0.00} × C** " +
                    "(an estimate). The load scenario's best level reached " +
                    $"{best:0.0}/s = {best / hash.RatePerSecond:0.00} × C.");
                page.AppendLine("On a machine with few cores the overhead processes run on the same cores as the hashes, so every");
                page.AppendLine("millisecond they spend comes out of the hash rate; in AWS, DynamoDB and API Gateway do not run on");
                page.AppendLine("the function's CPU, and the function's share of the overhead alone would count.");
                page.AppendLine();
            }
        }

        if (result.Load?.Data is { } heaviest && heaviest.Levels.Length > 0)
        {
            var level = heaviest.Levels[^1];
            page.AppendLine($"At the load scenario's heaviest level ({heaviest.Percents[^1]} % of C) the cores were " +
                $"{Report.CpuShare(level, "machine")} busy: function processes {Report.CpuShare(level, "function")}, " +
                $"DynamoDB Local {Report.CpuShare(level, "dynamodb-local")}, benchmark process " +
                $"{Report.CpuShare(level, "benchmark")}.");
            page.AppendLine();
        }

        WriteLatencyBreakdown(page, result);
        page.AppendLine("Limits of the method:");
        page.AppendLine();
        page.AppendLine("- The load generator, the system under test and DynamoDB Local share the machine's cores; the CPU");
        page.AppendLine("  columns show how much each took. The generator's share is inside the benchmark process's column,");
        page.AppendLine("  which in the peer scenario is the generator alone.");
        page.AppendLine("- The open loop sleeps with `Task.Delay` between sends, which has about a millisecond of granularity;");
        page.AppendLine("  a send that leaves late still counts its latency from its scheduled time.");
        page.AppendLine("- DynamoDB Local is a single JVM with an in-memory SQLite database, not DynamoDB: its latency and CPU");
        page.AppendLine("  cost say nothing about the service's. The gateway is the local emulator, not API Gateway.");
        page.AppendLine("- Other work on the machine shows up as noise; each section gives the load average at its start.");
        page.AppendLine();
    }

    // The tail at half of C, and the share of one hash in the first invocation, from the function's own timings.
    private static void WriteLatencyBreakdown(StringBuilder page, RunResult result)
    {
        var load = result.Load?.Data;
        var half = load is null ? -1 : Array.IndexOf(load.Percents, 50);
        if (load is not null && half >= 0 && load.Levels[half].Function is { Invocations: > 0 } function)
        {
            var level = load.Levels[half];
            page.AppendLine($"At 50 % of C the function's median hash took {function.HashMs:0.0} ms and its median store " +
                $"{function.StoreMs:0.0} ms, against a p50 of {level.Latency.P50:0.0} ms and a p99 of " +
                $"{level.Latency.P99:0.0} ms through the stack. The difference is time spent waiting: for a function process,");
            page.AppendLine("and for a core shared with DynamoDB Local, the gateway and anything else on the machine.");
            page.AppendLine();
        }

        if (result.ColdStart?.Data is { } coldStart && (load?.Hash ?? result.Peer?.Data.OurHash) is { } hash)
        {
            var jit = Stats.Median(coldStart.Jit.FirstInvocationMs) - hash.MedianMs;
            var aot = Stats.Median(coldStart.Aot.FirstInvocationMs) - hash.MedianMs;
            page.AppendLine($"Both builds' first invocation includes one hash of about t_h = {hash.MedianMs:0.0} ms, which no");
            page.AppendLine($"build can shorten and which caps the JIT / AOT ratio; without it the medians would be about {jit:0.0} and");
            page.AppendLine($"{aot:0.0} ms ({jit / aot:0.0} ×). This subtracts a separately measured t_h, so it is an estimate.");
            page.AppendLine();
            page.AppendLine("The AOT process's own initialisation (Unicode check, settings, the DynamoDB client and the");
            page.AppendLine("common-password list) takes about 8 ms, as its `Initialized` log line reports; it took about 25 ms");
            page.AppendLine("before the password list was stored pre-sorted. The rest of the time to the first `next` is the");
            page.AppendLine("process start, the .NET runtime's start, and the search for the system's ICU library, which tries");
            page.AppendLine("about twenty versioned file names (seen with strace). The deployed package loads its own ICU by");
            page.AppendLine("name and skips that search, but this benchmark runs the `./run --aot` build.");
            page.AppendLine();
        }
    }

    // CPU milliseconds per request of each kind at the closed-loop level with the highest throughput.
    private static Dictionary<string, double>? OverheadCpuPerRequest(OverheadResult? overhead)
    {
        if (overhead is null || overhead.Closed.Length == 0)
        {
            return null;
        }

        var level = overhead.Closed.MaxBy(level => level.Throughput)!;
        return Kinds.ToDictionary(
            kind => kind.Kind,
            kind => level.CpuSeconds.GetValueOrDefault(kind.Kind) * 1000 / level.Sent,
            StringComparer.Ordinal);
    }
}
