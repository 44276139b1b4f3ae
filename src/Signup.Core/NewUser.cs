namespace Signup.Core;

/// <summary>A user ready to be stored. <see cref="PasswordHash"/> is a PHC string, never the password.</summary>
public sealed record NewUser(
    Guid UserId,
    string Username,
    string UsernameKey,
    string Email,
    string EmailKey,
    string PasswordHash,
    DateTimeOffset CreatedAt);
