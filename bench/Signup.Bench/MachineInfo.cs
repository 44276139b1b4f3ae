using System.Globalization;
using System.Runtime.InteropServices;

namespace Signup.Bench;

/// <summary>The machine a run measured, read from /proc and the runtime.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string OperatingSystem, string Dotnet)
{
    public static MachineInfo Read() => new(
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        Math.Round(double.Parse(ProcField("/proc/meminfo", "MemTotal")!.Split(' ')[0], CultureInfo.InvariantCulture)
            / 1024 / 1024, 1),
        $"{OsRelease()} (kernel {Environment.OSVersion.Version})",
        RuntimeInformation.FrameworkDescription);

    /// <summary>The one-minute load average from /proc/loadavg.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static string? ProcField(string path, string name) => File.ReadLines(path)
        .Where(line => line.StartsWith(name, StringComparison.Ordinal))
        .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
        .FirstOrDefault();

    private static string OsRelease() => File.Exists("/etc/os-release")
        ? File.ReadLines("/etc/os-release")
            .Where(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            .Select(line => line["PRETTY_NAME=".Length..].Trim('"'))
            .FirstOrDefault() ?? RuntimeInformation.OSDescription
        : RuntimeInformation.OSDescription;
}

/// <summary>Memory of a running process, from /proc.</summary>
internal static class ProcessMemory
{
    /// <summary>Returns VmRSS, the resident set size, in MiB.</summary>
    public static double ResidentMiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status")
            .First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kiB = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kiB / 1024.0;
    }
}
