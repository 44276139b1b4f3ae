namespace Signup.Bench;

/// <summary>One target of the page: what it requires, what was measured, and whether it is met.</summary>
internal sealed record Target(string Name, string Measured, string Verdict)
{
    private const string NotMeasured = "not measured";

    public static IEnumerable<Target> Evaluate(RunResult result)
    {
        var load = result.Load?.Data;
        var hash = load?.Hash ?? result.Peer?.Data.OurHash;
        var coldStart = result.ColdStart?.Data;

        yield return Throughput(load);
        yield return TailLatency(load);
        yield return Overhead(result.Overhead?.Data);
        yield return ColdStart(coldStart, hash);
        yield return Memory(coldStart, load);
        yield return Peer(load, result.Peer?.Data);
    }

    private static Target Throughput(LoadResult? load)
    {
        const string Name = "throughput ≥ 0.9 × C with no errors";
        if (load is null)
        {
            return new Target(Name, "", NotMeasured);
        }

        var best = load.Levels.MaxBy(level => level.Throughput)!;
        var percent = load.Percents[Array.IndexOf(load.Levels, best)];
        var errors = load.Levels.Sum(level => level.Sent - level.Count("200"));
        var ratio = best.Throughput / load.Hash.RatePerSecond;
        return new Target(
            Name,
            $"best {best.Throughput:0.0}/s = {ratio:0.00} × C (at {percent} % of C); {errors} responses other than 200",
            Met(ratio >= 0.9 && errors == 0));
    }

    private static Target TailLatency(LoadResult? load)
    {
        const string Name = "p99 ≤ 2 × t_h at 50 % of C";
        var index = load is null ? -1 : Array.IndexOf(load.Percents, 50);
        if (load is null || index < 0)
        {
            return new Target(Name, "", NotMeasured);
        }

        var p99 = load.Levels[index].Latency.P99;
        var limit = 2 * load.Hash.MedianMs;
        return new Target(Name, $"p99 {p99:0.0} ms against 2 × t_h = {limit:0.0} ms", Met(p99 <= limit));
    }

    private static Target Overhead(OverheadResult? overhead)
    {
        const string Name = "overhead p50 ≤ 5 ms";
        if (overhead is null)
        {
            return new Target(Name, "", NotMeasured);
        }

        var single = overhead.Closed.MinBy(level => level.Clients)!;
        return new Target(
            Name,
            $"p50 {single.Latency.P50:0.0} ms with {single.Clients} closed-loop client(s) and the minimum hash",
            Met(single.Latency.P50 <= 5));
    }

    private static Target ColdStart(ColdStartResult? coldStart, HashCost? hash)
    {
        const string Name = "AOT spawn to first `next` ≤ 20 ms median; first invocation ≤ t_h + 60 ms; both ≥ 5 × faster than JIT";
        if (coldStart is null)
        {
            return new Target(Name, "", NotMeasured);
        }

        var init = Stats.Median(coldStart.Aot.InitMs);
        var invocation = Stats.Median(coldStart.Aot.FirstInvocationMs);
        var initRatio = Stats.Median(coldStart.Jit.InitMs) / init;
        var invocationRatio = Stats.Median(coldStart.Jit.FirstInvocationMs) / invocation;
        var invocationLimit = hash is null ? double.NaN : hash.MedianMs + 60;
        var measured = $"init {init:0.0} ms ({initRatio:0.0} × faster); first invocation {invocation:0.0} ms " +
            $"against {(hash is null ? "t_h + 60 (t_h not measured)" : $"{invocationLimit:0.0}")} ms " +
            $"({invocationRatio:0.0} × faster)";
        var met = init <= 20 && initRatio >= 5 && invocationRatio >= 5 && invocation <= invocationLimit;
        return new Target(Name, measured, hash is null ? NotMeasured : Met(met));
    }

    private static Target Memory(ColdStartResult? coldStart, LoadResult? load)
    {
        const string Name = "function resident memory ≤ 100 MB";
        if (coldStart is null && load is null)
        {
            return new Target(Name, "", NotMeasured);
        }

        var parts = new List<string>();
        var largest = 0.0;
        if (coldStart is not null)
        {
            var max = coldStart.Aot.RssMiB.Max();
            largest = Math.Max(largest, max);
            parts.Add($"AOT after its first invocation: max {Report.MiBToMegabytes(max):0.0} MB");
        }

        if (load is { FunctionRssMiB.Length: > 0 })
        {
            var max = load.FunctionRssMiB.Max();
            largest = Math.Max(largest, max);
            parts.Add($"after the load levels: max {Report.MiBToMegabytes(max):0.0} MB over {load.FunctionRssMiB.Length} processes");
        }

        return new Target(Name, string.Join("; ", parts), Met(Report.MiBToMegabytes(largest) <= 100));
    }

    private static Target Peer(LoadResult? load, PeerResult? peer)
    {
        const string Name = "ahead of the peer at equal hash cost (at every offered load: throughput at least 0.98 × the " +
            "peer's, p99 at most the peer's)";
        if (load is null || peer is null)
        {
            return new Target(Name, "", NotMeasured);
        }

        var levels = Comparison.Levels(load, peer).ToList();
        if (levels.Count == 0)
        {
            return new Target(Name, "no offered load in common", NotMeasured);
        }

        var measured = string.Join("; ", levels.Select(level =>
            $"{level.Percent} %: {level.Ours.Throughput / level.Equal.Throughput:0.00} × throughput, " +
            $"{level.Ours.Latency.P99 / level.Equal.Latency.P99:0.00} × p99"));
        // Below saturation both serve the offered rate, so throughputs within 2 % count as equal.
        var met = levels.All(level =>
            level.Ours.Throughput >= 0.98 * level.Equal.Throughput && level.Ours.Latency.P99 <= level.Equal.Latency.P99);
        return new Target(Name, measured, Met(met));
    }

    private static string Met(bool met) => met ? "yes" : "**no**";
}

/// <summary>Pairs the load scenario's levels with the peer's at the same percentage of C.</summary>
internal static class Comparison
{
    public static IEnumerable<(int Percent, LevelResult Ours, LevelResult Equal, LevelResult Default)> Levels(
        LoadResult load, PeerResult peer)
    {
        for (var i = 0; i < peer.Percents.Length; i++)
        {
            var index = Array.IndexOf(load.Percents, peer.Percents[i]);
            if (index >= 0)
            {
                yield return (peer.Percents[i], load.Levels[index], peer.EqualCost.Levels[i], peer.DefaultCost.Levels[i]);
            }
        }
    }
}
