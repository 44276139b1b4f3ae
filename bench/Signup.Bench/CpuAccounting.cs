using System.Globalization;

namespace Signup.Bench;

/// <summary>
/// CPU time from /proc, for the whole machine and for this process and its descendants grouped by kind. The kinds
/// are the benchmark process itself (with the gateway and Runtime API emulator in the stack scenarios), the
/// function processes, DynamoDB Local and the peer. A process that exits between two snapshots loses the CPU time
/// it spent since the first one.
/// </summary>
internal sealed class CpuSnapshot
{
    private const double TicksPerSecond = 100; // USER_HZ, which Linux fixes at 100 for /proc on every architecture.

    private readonly Dictionary<int, (string Kind, double Seconds)> _processes;
    private readonly double _machineBusySeconds;

    private CpuSnapshot(Dictionary<int, (string Kind, double Seconds)> processes, double machineBusySeconds)
    {
        _processes = processes;
        _machineBusySeconds = machineBusySeconds;
    }

    public static CpuSnapshot Take()
    {
        var self = Environment.ProcessId;
        var stats = new Dictionary<int, (int Parent, double Seconds)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryReadStat(pid) is { } stat)
            {
                stats[pid] = stat;
            }
        }

        var processes = new Dictionary<int, (string Kind, double Seconds)>();
        foreach (var (pid, stat) in stats)
        {
            if (pid == self)
            {
                processes[pid] = ("benchmark", stat.Seconds);
            }
            else if (IsDescendant(pid, self, stats))
            {
                processes[pid] = (Classify(pid), stat.Seconds);
            }
        }

        return new CpuSnapshot(processes, ReadMachineBusySeconds());
    }

    /// <summary>Returns CPU seconds by kind between <paramref name="start"/> and this snapshot, and <c>machine</c>.</summary>
    public IReadOnlyDictionary<string, double> Since(CpuSnapshot start)
    {
        var seconds = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (pid, (kind, now)) in _processes)
        {
            var before = start._processes.TryGetValue(pid, out var earlier) ? earlier.Seconds : 0;
            seconds[kind] = seconds.GetValueOrDefault(kind) + now - before;
        }

        seconds["machine"] = _machineBusySeconds - start._machineBusySeconds;
        return seconds;
    }

    private static (int Parent, double Seconds)? TryReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name in field 2 may contain spaces and parentheses, so fields are counted after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (parent, ticks / TicksPerSecond);
    }

    private static bool IsDescendant(int pid, int ancestor, Dictionary<int, (int Parent, double Seconds)> stats)
    {
        for (var current = pid; stats.TryGetValue(current, out var stat) && current > 1; current = stat.Parent)
        {
            if (stat.Parent == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static string Classify(int pid)
    {
        string commandLine;
        try
        {
            commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "other";
        }

        return commandLine switch
        {
            _ when commandLine.Contains("DynamoDBLocal", StringComparison.Ordinal) => "dynamodb-local",
            _ when commandLine.Contains("Signup.Bench.Peer", StringComparison.Ordinal) => "peer",
            _ when commandLine.Contains("bootstrap", StringComparison.Ordinal) => "function",
            _ => "other",
        };
    }

    // The first line of /proc/stat: user nice system idle iowait irq softirq steal ..., in ticks over all cores.
    private static double ReadMachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields.Skip(1).Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var idle = ticks[3] + ticks[4];
        return (ticks.Sum() - idle) / TicksPerSecond;
    }
}
