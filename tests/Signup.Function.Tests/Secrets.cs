namespace Signup.Function.Tests;

/// <summary>Checks that log output contains none of the secrets a test used.</summary>
internal static class Secrets
{
    /// <summary>
    /// Fails when <paramref name="logs"/> contains a password, a stored hash (or its salt and tag parts), or a full
    /// email address. Comparison ignores case, so a lower-cased copy is caught too.
    /// </summary>
    public static void AssertAbsent(string logs, IEnumerable<string> passwords, IEnumerable<string> emails, IEnumerable<string> hashes)
    {
        foreach (var password in passwords)
        {
            Assert.False(logs.Contains(password, StringComparison.OrdinalIgnoreCase), "a log line contains a password");
        }

        foreach (var email in emails)
        {
            Assert.False(logs.Contains(email.Trim(), StringComparison.OrdinalIgnoreCase), "a log line contains an email address");
        }

        foreach (var hash in hashes)
        {
            Assert.False(logs.Contains(hash, StringComparison.Ordinal), "a log line contains a password hash");
            foreach (var part in hash.Split('$').Where(part => part.Length >= 16))
            {
                Assert.False(logs.Contains(part, StringComparison.Ordinal), "a log line contains a hash's salt or tag");
            }
        }
    }
}
