namespace Signup.Reliability.Tests.Support;

/// <summary>
/// Finds secrets in log lines. The secrets are indexed by their first <see cref="SuiteLog.MinSecretLength"/>
/// characters, so that each line is read once however many secrets there are.
/// </summary>
public static class SecretScanner
{
    /// <summary>Returns one entry per line that contains a secret: the line number, from 1, and the secret's kind.</summary>
    public static IReadOnlyList<(int LineNumber, SecretKind Kind)> FindLeaks(
        IEnumerable<string> lines, IReadOnlyDictionary<string, SecretKind> secrets)
    {
        const int PrefixLength = SuiteLog.MinSecretLength;
        var byPrefix = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var secret in secrets.Keys)
        {
            var prefix = secret[..PrefixLength];
            if (!byPrefix.TryGetValue(prefix, out var list))
            {
                byPrefix[prefix] = list = [];
            }

            list.Add(secret);
        }

        var lookup = byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        var leaks = new List<(int, SecretKind)>();
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (FindSecret(line, lookup) is { } found)
            {
                leaks.Add((lineNumber, secrets[found]));
            }
        }

        return leaks;
    }

    private static string? FindSecret(
        string line, Dictionary<string, List<string>>.AlternateLookup<ReadOnlySpan<char>> byPrefix)
    {
        for (var start = 0; start + SuiteLog.MinSecretLength <= line.Length; start++)
        {
            if (byPrefix.TryGetValue(line.AsSpan(start, SuiteLog.MinSecretLength), out var candidates))
            {
                foreach (var secret in candidates)
                {
                    if (line.AsSpan(start).StartsWith(secret, StringComparison.Ordinal))
                    {
                        return secret;
                    }
                }
            }
        }

        return null;
    }
}
