using Microsoft.Extensions.Logging;
using Signup.Core;

namespace Signup.Bench;

/// <summary>What the scenarios of one run share: the checkout, the settings, and measurements made once.</summary>
internal sealed class BenchRun(string root, BenchSettings settings, ILoggerFactory loggerFactory)
{
    private HashCost? _productionHash;

    public string Root { get; } = root;

    public BenchSettings Settings { get; } = settings;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>The load scenario's result, once it ran, whose offered rates the peer scenario reuses.</summary>
    public LoadResult? Load { get; set; }

    /// <summary>t_h and C for the production parameters, measured on first use.</summary>
    public HashCost ProductionHash => _productionHash ??= MeasureProductionHash();

    private HashCost MeasureProductionHash()
    {
        Console.WriteLine("Measuring the production hash (t_h on one thread, C on every core)...");
        var cost = HashMeter.MeasureArgon2id(new Argon2idOptions(), Settings.HashSamples, Settings.HashRateDuration);
        Console.WriteLine($"  {cost.Parameters}: t_h = {cost.MedianMs:0.0} ms, C = {cost.RatePerSecond:0.0} hashes/s " +
            $"on {cost.Threads} threads");
        return cost;
    }

    public static void PrintLevel(string label, LevelResult level)
    {
        var statuses = string.Join(' ', level.Statuses.Select(pair => $"{pair.Key}×{pair.Value}"));
        Console.WriteLine(
            $"  {label,-12} sent {level.Sent,5}  {level.Throughput,7:0.0}/s  p50 {level.Latency.P50,7:0.0} " +
            $"p99 {level.Latency.P99,7:0.0} max {level.Latency.Max,7:0.0} ms  {statuses}");
        if (level.Function is { Invocations: > 0 } function)
        {
            Console.WriteLine($"  {"",-12} in the function (medians): parse {function.ParseMs:0.0}, hash " +
                $"{function.HashMs:0.0}, store {function.StoreMs:0.0}, total {function.TotalMs:0.0} ms");
        }
    }
}
