using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signup.Bench;

/// <summary>
/// Writes a run's results under bench/results/ and rebuilds the page from them. The page shows the newest full run
/// of each scenario. A quick run replaces a scenario's section only while no full run of it is on record.
/// </summary>
internal static class ResultStore
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static (string RunFile, string LatestFile, string PageFile) Save(string root, RunResult result, bool quick)
    {
        var directory = Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(directory);
        var runFile = Path.Combine(directory, $"{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}{(quick ? "-quick" : "")}.json");
        File.WriteAllText(runFile, JsonSerializer.Serialize(result, JsonOptions) + "\n");

        var latestFile = Path.Combine(directory, "latest.json");
        var merged = Merge(Read(latestFile), result);
        File.WriteAllText(latestFile, JsonSerializer.Serialize(merged, JsonOptions) + "\n");
        var pageFile = Report.Write(root, merged);
        return (Relative(root, runFile), Relative(root, latestFile), Relative(root, pageFile));
    }

    /// <summary>Rewrites the page from <c>latest.json</c> alone, as after a change to the page's layout.</summary>
    /// <exception cref="InvalidOperationException">There are no results to write the page from.</exception>
    public static string Rewrite(string root)
    {
        var latestFile = Path.Combine(root, "bench", "results", "latest.json");
        var latest = Read(latestFile)
            ?? throw new InvalidOperationException($"{latestFile} is missing or unreadable: run a scenario first.");
        return Path.GetRelativePath(root, Report.Write(root, latest));
    }

    private static RunResult? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"warning: {path} is not readable as results ({e.Message}); the page shows this run only.");
            return null;
        }
    }

    private static RunResult Merge(RunResult? previous, RunResult current) => previous is null
        ? current
        : current with
        {
            Load = Pick(previous.Load, current.Load),
            Overhead = Pick(previous.Overhead, current.Overhead),
            ColdStart = Pick(previous.ColdStart, current.ColdStart),
            Peer = Pick(previous.Peer, current.Peer),
        };

    private static ScenarioResult<T>? Pick<T>(ScenarioResult<T>? previous, ScenarioResult<T>? current) =>
        current is null || (current.Quick && previous is { Quick: false }) ? previous : current;

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path);
}
