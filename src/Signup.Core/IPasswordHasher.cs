namespace Signup.Core;

/// <summary>Turns passwords into self-describing hash strings and checks passwords against them.</summary>
public interface IPasswordHasher
{
    /// <summary>Hashes a prepared password with a fresh random salt and returns a PHC string.</summary>
    string Hash(string password);

    /// <summary>Checks a password against a stored PHC string in constant time.</summary>
    PasswordVerification Verify(string passwordHash, string password);

    /// <summary>Returns true when a stored hash uses weaker parameters than the current ones.</summary>
    bool NeedsRehash(string passwordHash);
}

/// <summary>The result of <see cref="IPasswordHasher.Verify"/>.</summary>
public enum PasswordVerification
{
    Failed,
    Success,
    SuccessRehashNeeded,
}
