using System.Globalization;
using Signup.Core;

namespace Signup.DynamoDb.Tests;

/// <summary>Builds users with names and addresses that no other test uses.</summary>
internal static class TestUsers
{
    public static NewUser Create(string? username = null, string? email = null)
    {
        var suffix = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12];
        username ??= "user" + suffix;
        email ??= $"mail{suffix}@example.com";
        return new NewUser(
            Guid.CreateVersion7(),
            username,
            username.ToLowerInvariant(),
            email,
            email.ToLowerInvariant(),
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
            new DateTimeOffset(2025, 3, 4, 5, 6, 7, 89, TimeSpan.Zero));
    }

    public static string UniqueName(string prefix) =>
        prefix + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12];
}
