using Signup.Reliability.Tests.Support;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>
/// Runs after every other test of the project and scans every line their stacks wrote for the passwords, password
/// hashes and email addresses that the tests sent or stored.
/// </summary>
[Trait("Category", "Integration")]
[Collection(LogScanCollection.Name)]
public sealed class LogScanTests(SuiteLog suiteLog)
{
    [Fact]
    public void StackLogs_ContainNoSecrets()
    {
        if (suiteLog.StacksStopped == 0)
        {
            Assert.Skip("No stack ran in this test run, so there are no logs to scan.");
        }

        var lines = suiteLog.Lines.ToList();
        var secrets = suiteLog.Secrets;
        var leaks = SecretScanner.FindLeaks(lines, secrets);
        TestFigures.Write(nameof(StackLogs_ContainNoSecrets), new
        {
            stacks = suiteLog.StacksStopped,
            linesScanned = lines.Count,
            secretsSearched = secrets.GroupBy(pair => pair.Value).ToDictionary(group => group.Key.ToString(), group => group.Count()),
            linesWithSecrets = leaks.Count,
        });

        Assert.NotEmpty(lines);
        Assert.Contains(secrets.Values, kind => kind == SecretKind.PasswordHash);
        Assert.True(
            leaks.Count == 0,
            "Log lines contain secrets: " + string.Join(", ", leaks.Take(20).Select(leak => $"line {leak.LineNumber} ({leak.Kind})")));
    }
}
