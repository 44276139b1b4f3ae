using System.Text.Json;

namespace Signup.Testing;

/// <summary>
/// Writes the figures of a reliability test (requests served, statuses, faults injected, inputs tried) to the test
/// output and to <c>artifacts/reliability/NAME.json</c>, where the reliability report takes them from.
/// </summary>
public static class TestFigures
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Serializes <paramref name="figures"/> as JSON, adds the UTC time and writes it to both places.</summary>
    public static void Write(string name, object figures)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var json = JsonSerializer.Serialize(
            new { test = name, finishedAt = DateTimeOffset.UtcNow, figures },
            Indented);
        TestContext.Current.TestOutputHelper?.WriteLine(json);

        var directory = Path.Combine(RepositoryRoot.Find(), "artifacts", "reliability");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".json"), json + Environment.NewLine);
    }
}
