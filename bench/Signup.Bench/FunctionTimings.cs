using System.Text;
using System.Text.Json;

namespace Signup.Bench;

/// <summary>
/// The local stack's console, reduced to the function's per-invocation log lines, whose parse, hash, store and total
/// times show where a registration's time goes inside the function. Everything else the stack writes is dropped:
/// access-log lines would cost console time per request.
/// </summary>
internal sealed class FunctionTimings : TextWriter
{
    private static readonly string[] Stages = ["parseMs", "hashMs", "storeMs", "totalMs"];

    private readonly Lock _lock = new();
    private readonly HashSet<int> _memoryCosts = [];
    private List<double[]> _samples = [];

    /// <summary>The Argon2id memory costs in KiB that function processes reported at initialisation.</summary>
    public IReadOnlyCollection<int> MemoryCosts
    {
        get
        {
            lock (_lock)
            {
                return [.. _memoryCosts];
            }
        }
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void WriteLine(string? value)
    {
        var start = value?.IndexOf('{', StringComparison.Ordinal) ?? -1;
        if (value is null || start < 0
            || !(value.Contains("\"totalMs\"", StringComparison.Ordinal) || value.Contains("\"memoryKiB\"", StringComparison.Ordinal)))
        {
            return;
        }

        using var document = JsonDocument.Parse(value[start..]);
        var root = document.RootElement;
        if (root.TryGetProperty("memoryKiB", out var memoryKiB))
        {
            lock (_lock)
            {
                _memoryCosts.Add(memoryKiB.GetInt32());
            }

            return;
        }

        var sample = Stages.Select(stage => root.TryGetProperty(stage, out var number) ? number.GetDouble() : double.NaN)
            .ToArray();
        lock (_lock)
        {
            _samples.Add(sample);
        }
    }

    /// <summary>Returns the median of each stage over the invocations logged since the last call, and starts anew.</summary>
    public StageTimes Take()
    {
        List<double[]> samples;
        lock (_lock)
        {
            (samples, _samples) = (_samples, []);
        }

        double Median(int stage) => Stats.Median(samples.Select(sample => sample[stage]).ToArray());
        return new StageTimes(samples.Count, Median(0), Median(1), Median(2), Median(3));
    }
}
