using System.Text;

namespace Signup.Bench;

/// <summary>Writes docs/benchmarks.md and its plots from merged results.</summary>
internal static class Report
{
    private const double MegabyteInMiB = 1_000_000.0 / (1024 * 1024);

    private static IReadOnlySet<string> _plots = new HashSet<string>();
    private static int _cores = 1;

    public static string Write(string root, RunResult result)
    {
        _plots = Plots.Write(Path.Combine(root, "docs", "benchmarks"), result);
        _cores = result.Machine.Cores;
        var page = new StringBuilder();
        WriteIntroduction(page, result);
        WriteTargets(page, result);
        WriteHash(page, result);
        WriteLoad(page, result.Load);
        WriteOverhead(page, result.Overhead);
        WriteColdStart(page, result.ColdStart);
        WritePeer(page, result);
        Limits.Write(page, result);
        var path = Path.Combine(root, "docs", "benchmarks.md");
        File.WriteAllText(path, page.ToString());
        return path;
    }

    private static void WriteIntroduction(StringBuilder page, RunResult result)
    {
        var machine = result.Machine;
        page.AppendLine("# Benchmarks");
        page.AppendLine();
        page.AppendLine("What one registration costs on one machine, and how close the local stack comes to the machine's");
        page.AppendLine("ceiling. A registration's cost is dominated on purpose by Argon2id (m = 19456 KiB, t = 2, p = 1,");
        page.AppendLine("through libsodium). The ceiling C is the rate at which the machine computes those hashes with every");
        page.AppendLine("core busy; everything else (gateway, runtime, parsing, DynamoDB) is overhead. t_h is the time of one");
        page.AppendLine("hash on one thread.");
        page.AppendLine();
        page.AppendLine("This page is generated; do not edit it. Rebuild it with");
        page.AppendLine();
        page.AppendLine("```sh");
        page.AppendLine("dotnet run -c Release --project bench/Signup.Bench -- all");
        page.AppendLine("```");
        page.AppendLine();
        page.AppendLine("or one scenario (`load`, `overhead`, `coldstart`, `peer`). Each run writes its results to");
        page.AppendLine("`bench/results/` (timestamped, and `latest.json`, which this page is made from). `--quick` shortens");
        page.AppendLine("everything to a smoke check; a quick run replaces a section only while no full run of it is on record,");
        page.AppendLine("and such a section is marked **quick**.");
        page.AppendLine();
        page.AppendLine("## Machine");
        page.AppendLine();
        page.AppendLine("| | |");
        page.AppendLine("|---|---|");
        page.AppendLine($"| CPU | {machine.Cpu} |");
        page.AppendLine($"| cores | {machine.Cores} |");
        page.AppendLine($"| memory | {machine.MemoryGiB:0.0} GiB |");
        page.AppendLine($"| OS | {machine.OperatingSystem} |");
        page.AppendLine($"| .NET | {machine.Dotnet} |");
        page.AppendLine();
        page.AppendLine("Every process (the load generator, the gateway, the function processes, DynamoDB Local, the peer)");
        page.AppendLine("runs on this machine and shares its cores; the load average in each section's heading line shows");
        page.AppendLine("what else was running.");
        page.AppendLine();
    }

    private static void WriteTargets(StringBuilder page, RunResult result)
    {
        page.AppendLine("## Targets");
        page.AppendLine();
        page.AppendLine("| target | measured | met |");
        page.AppendLine("|---|---|---|");
        foreach (var target in Target.Evaluate(result))
        {
            page.AppendLine($"| {target.Name} | {target.Measured} | {target.Verdict} |");
        }

        page.AppendLine();
    }

    private static void WriteHash(StringBuilder page, RunResult result)
    {
        var hash = result.Load?.Data.Hash ?? result.Peer?.Data.OurHash;
        if (hash is null)
        {
            return;
        }

        page.AppendLine("## Hash cost");
        page.AppendLine();
        page.AppendLine($"{hash.Parameters} with Signup.Core's `Argon2idPasswordHasher`, measured in the benchmark process:");
        page.AppendLine();
        page.AppendLine($"- t_h = **{hash.MedianMs:0.0} ms**, the median of {hash.SingleMs.Length} hashes on one thread " +
            $"(min {hash.SingleMs.Min():0.0}, max {hash.SingleMs.Max():0.0} ms);");
        page.AppendLine($"- C = **{hash.RatePerSecond:0.0} hashes/s** with {hash.Threads} threads, one per core, " +
            $"which is {hash.RatePerSecond * hash.MedianMs / 1000 / hash.Threads:0.00} × the {hash.Threads} / t_h " +
            "that perfect scaling would give.");
        page.AppendLine();
    }

    private static void WriteLoad(StringBuilder page, ScenarioResult<LoadResult>? scenario)
    {
        if (scenario is null)
        {
            return;
        }

        var load = scenario.Data;
        page.AppendLine("## Load: registrations at fractions of C");
        page.AppendLine();
        WriteProvenance(page, scenario);
        page.AppendLine($"The local stack as `./run --aot --in-memory` starts it ({load.FunctionMode}), with the template's");
        page.AppendLine("stage throttling raised so that the gateway never throttles, and up to the function's reserved");
        page.AppendLine("concurrency of processes, all started by a warm-up. Each level offers unique registrations on a fixed");
        page.AppendLine("arrival schedule; latency runs from each request's scheduled send time, so queueing counts.");
        page.AppendLine("Throughput counts responses with status 200 from the first send to the last response.");
        page.AppendLine();
        WriteLevels(page, load.Levels, load.Percents.Select(percent => $"{percent} % of C").ToArray(), load.Hash.RatePerSecond);
        page.AppendLine("The in-function column gives medians from the function's own log line per invocation. The CPU");
        page.AppendLine("columns are shares of all cores over the level, from /proc: the machine as a whole (other users'");
        page.AppendLine("processes included), the server (here the function processes), DynamoDB Local's JVM, and the");
        page.AppendLine("benchmark process, which runs the load generator and, in the local stack's scenarios, the in-process");
        page.AppendLine("gateway and Runtime API emulator.");
        page.AppendLine();
        page.AppendLine($"Users stored after the run: **{load.UsersStored}**, against **{load.Created}** responses with status 200");
        page.AppendLine($"(warm-up included): {(load.UsersStored == load.Created ? "they match" : "**they differ**")}.");
        page.AppendLine();
        WritePlot(page, "latency");
        WritePlot(page, "throughput");
    }

    /// <summary>A table of levels with latency, status counts and where the CPU time went.</summary>
    internal static void WriteLevels(
        StringBuilder page, LevelResult[] levels, string[] labels, double ceiling, string server = "function")
    {
        page.AppendLine("| level | offered/s | achieved/s | achieved / C | p50 ms | p95 ms | p99 ms | max ms | statuses | " +
            "in function: hash / store / total ms | CPU busy | server | DynamoDB Local | benchmark process |");
        page.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            page.AppendLine($"| {labels[i]} | {Offered(level)} | {level.Throughput:0.0} | {level.Throughput / ceiling:0.00} | " +
                $"{level.Latency.P50:0.0} | {level.Latency.P95:0.0} | {level.Latency.P99:0.0} | {level.Latency.Max:0.0} | " +
                $"{Statuses(level)} | {Stages(level.Function)} | {CpuShare(level, "machine")} | {CpuShare(level, server)} | " +
                $"{CpuShare(level, "dynamodb-local")} | {CpuShare(level, "benchmark")} |");
        }

        page.AppendLine();
    }

    private static void WriteOverhead(StringBuilder page, ScenarioResult<OverheadResult>? scenario)
    {
        if (scenario is null)
        {
            return;
        }

        var overhead = scenario.Data;
        page.AppendLine("## Overhead: everything but the hash");
        page.AppendLine();
        WriteProvenance(page, scenario);
        page.AppendLine($"The same stack and path with {overhead.Hash.Parameters} ({overhead.Hash.MedianMs:0.000} ms a hash),");
        page.AppendLine("libsodium's cheapest setting. The function accepts it only with `SIGNUP_BENCHMARK_MINIMUM_HASH=true`");
        page.AppendLine("and the local stack's marker `SIGNUP_LOCAL_STACK=1`; without the marker it fails its initialisation.");
        page.AppendLine("Closed loop: each client sends the next registration when the last one is answered.");
        page.AppendLine();
        var closedLabels = overhead.Closed
            .Select(level => level.Clients == 1 ? "1 client" : $"{level.Clients} clients")
            .ToArray();
        WriteLevels(page, overhead.Closed, closedLabels, overhead.SweepBase);
        page.AppendLine($"Open-loop sweep at fractions of the best closed-loop throughput ({overhead.SweepBase:0.0}/s; the");
        page.AppendLine("achieved / C column here is relative to that rate):");
        page.AppendLine();
        WriteLevels(page, overhead.Sweep, overhead.Percents.Select(percent => $"{percent} % of max").ToArray(), overhead.SweepBase);
        page.AppendLine($"Users stored: **{overhead.UsersStored}**, responses with status 200: **{overhead.Created}**.");
        page.AppendLine();
    }

    private static void WriteColdStart(StringBuilder page, ScenarioResult<ColdStartResult>? scenario)
    {
        if (scenario is null)
        {
            return;
        }

        var coldStart = scenario.Data;
        page.AppendLine("## Cold start: JIT against Native AOT");
        page.AppendLine();
        WriteProvenance(page, scenario);
        page.AppendLine($"{coldStart.Aot.InitMs.Length} starts of each build, taking turns, one process at a time, under the");
        page.AppendLine("small Runtime API server of `tests/Signup.Testing` on 127.0.0.1 with DynamoDB Local in memory.");
        page.AppendLine("*Init* runs from the spawn to the first `next` request, which the function sends after its");
        page.AppendLine("initialisation (configuration, the DynamoDB client and the hasher); the server notices it within about a");
        page.AppendLine("millisecond. *First invocation* runs from queueing one registration to its response, and includes the");
        page.AppendLine("first connection to DynamoDB Local and the hash. *RSS* is VmRSS from /proc/PID/status after it.");
        page.AppendLine("Cells are median (IQR) and [min–max].");
        page.AppendLine();
        page.AppendLine("| build | init ms | first invocation ms | RSS MiB | statuses |");
        page.AppendLine("|---|---|---|---|---|");
        foreach (var series in new[] { coldStart.Jit, coldStart.Aot })
        {
            page.AppendLine($"| {series.Launch} | {Spread(series.InitMs)} | {Spread(series.FirstInvocationMs)} | " +
                $"{Spread(series.RssMiB)} | {string.Join(", ", series.Statuses.GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}"))} |");
        }

        page.AppendLine();
        page.AppendLine($"JIT / AOT, medians: init **{Stats.Median(coldStart.Jit.InitMs) / Stats.Median(coldStart.Aot.InitMs):0.0}×**, " +
            $"first invocation **{Stats.Median(coldStart.Jit.FirstInvocationMs) / Stats.Median(coldStart.Aot.FirstInvocationMs):0.0}×**, " +
            $"RSS **{Stats.Median(coldStart.Jit.RssMiB) / Stats.Median(coldStart.Aot.RssMiB):0.0}×**.");
        page.AppendLine();
        WritePlot(page, "coldstart");
    }

    private static void WritePeer(StringBuilder page, RunResult result)
    {
        if (result.Peer is not { } scenario)
        {
            return;
        }

        var peer = scenario.Data;
        page.AppendLine("## Peer: ASP.NET Core Identity's /register");
        page.AppendLine();
        WriteProvenance(page, scenario);
        page.AppendLine("`bench/Signup.Bench.Peer`: `MapIdentityApi<IdentityUser>()` with EF Core and SQLite (packages");
        page.AppendLine("Microsoft.AspNetCore.Identity.EntityFrameworkCore and Microsoft.EntityFrameworkCore.Sqlite 10.0.15),");
        page.AppendLine("the default a .NET team would pick, as its own process on 127.0.0.1, driven by the same load");
        page.AppendLine("generator at the same offered rates. Its password hash is PBKDF2-HMAC-SHA512; it runs once at");
        page.AppendLine($"`PasswordHasherOptions`' default of {peer.DefaultCost.Iterations} iterations ({peer.DefaultCost.HashMs:0.0} ms a hash)");
        page.AppendLine($"and once at {peer.EqualCost.Iterations} iterations ({peer.EqualCost.HashMs:0.0} ms), calibrated in the same run");
        page.AppendLine($"against Argon2id hashes timed in turns with PBKDF2 ({peer.CalibrationArgon2Ms:0.0} ms each then; t_h was");
        page.AppendLine($"{peer.OurHash.MedianMs:0.0} ms when it was measured). Unlike the local stack, the peer has no gateway, no");
        page.AppendLine("process hop and no separate database process between the request and its write. A request that the");
        page.AppendLine("load generator gave up on after 30 s (`timeout`) may still have been stored.");
        page.AppendLine();
        var labels = peer.Percents.Select(percent => $"{percent} % of C").ToArray();
        page.AppendLine($"Default cost ({peer.DefaultCost.Iterations} iterations):");
        page.AppendLine();
        WriteLevels(page, peer.DefaultCost.Levels, labels, peer.OurHash.RatePerSecond, server: "peer");
        page.AppendLine($"Equal cost ({peer.EqualCost.Iterations} iterations):");
        page.AppendLine();
        WriteLevels(page, peer.EqualCost.Levels, labels, peer.OurHash.RatePerSecond, server: "peer");
        page.AppendLine("Here the server column is the peer process and the benchmark process is the load generator alone.");
        page.AppendLine($"Users stored: {peer.DefaultCost.UsersStored} and {peer.EqualCost.UsersStored}, against");
        page.AppendLine($"{peer.DefaultCost.Created} and {peer.EqualCost.Created} responses with status 200.");
        page.AppendLine();
        if (result.Load is { } load)
        {
            page.AppendLine("Ours against the peer at equal hash cost, at the same offered load (ratios above 1 favour Signup");
            page.AppendLine("for throughput, below 1 for latency):");
            page.AppendLine();
            page.AppendLine("| level | offered/s | ours /s | peer /s | ours / peer | ours p50 | peer p50 | ours p99 | peer p99 | " +
                "p99 ours / peer | peer (default cost) /s | peer (default cost) p99 |");
            page.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var (percent, ours, equal, byDefault) in Comparison.Levels(load.Data, peer))
            {
                page.AppendLine($"| {percent} % of C | {Offered(ours)} | {ours.Throughput:0.0} | {equal.Throughput:0.0} | " +
                    $"{ours.Throughput / equal.Throughput:0.00} | {ours.Latency.P50:0.0} | {equal.Latency.P50:0.0} | " +
                    $"{ours.Latency.P99:0.0} | {equal.Latency.P99:0.0} | {ours.Latency.P99 / equal.Latency.P99:0.00} | " +
                    $"{byDefault.Throughput:0.0} | {byDefault.Latency.P99:0.0} |");
            }

            page.AppendLine();
        }
    }

    /// <summary>Writes the line under a section's heading: when and how it was measured.</summary>
    private static void WriteProvenance<T>(StringBuilder page, ScenarioResult<T> scenario)
    {
        page.AppendLine($"{(scenario.Quick ? "**Quick run: smoke-check numbers, not a measurement.** " : "")}" +
            $"Measured {scenario.Date:yyyy-MM-dd HH:mm} UTC with `{scenario.Command}`, load average " +
            $"{scenario.LoadAverage:0.00} at the start." +
            (scenario.LoadAverage > _cores
                ? $" That is above the {_cores} cores: it counts this benchmark's own processes from the section" +
                  " before (the load average is a one-minute mean) and any other work, so processes may have waited for a core."
                : ""));
        page.AppendLine();
    }

    private static void WritePlot(StringBuilder page, string name)
    {
        if (_plots.Contains(name))
        {
            page.AppendLine($"![{name}](benchmarks/{name}.png)");
            page.AppendLine();
        }
    }

    internal static string Offered(LevelResult level) => level.Mode == "open" ? $"{level.OfferedRate:0.0}" : "closed";

    internal static string Statuses(LevelResult level) =>
        string.Join(", ", level.Statuses.Select(pair => $"{pair.Key}×{pair.Value}"));

    private static string Stages(StageTimes? times) => times is { Invocations: > 0 }
        ? $"{times.HashMs:0.0} / {times.StoreMs:0.0} / {times.TotalMs:0.0}"
        : "";

    internal static string CpuShare(LevelResult level, string kind) =>
        level.CpuSeconds.TryGetValue(kind, out var seconds)
            ? $"{seconds / (level.DurationSeconds * _cores) * 100:0} %"
            : "";

    internal static string Spread(double[] values) =>
        $"{Stats.MedianIqr(values)} [{values.Min():0.0}–{values.Max():0.0}]";

    internal static double MiBToMegabytes(double mib) => mib / MegabyteInMiB;
}
