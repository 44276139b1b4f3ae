namespace Signup.Core;

/// <summary>The registration fields exactly as the caller sent them.</summary>
/// <param name="Username">The username field.</param>
/// <param name="Email">The email field.</param>
/// <param name="Password">The password field.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header after trimming, or null when there is none.</param>
public sealed record RegistrationInput(string Username, string Email, string Password, string? IdempotencyKey = null);

/// <summary>
/// Registration fields after validation: display forms, uniqueness keys and the prepared password.
/// </summary>
/// <param name="Username">The username as entered, in Unicode NFC.</param>
/// <param name="UsernameKey">The comparison key: equal keys mean the same account name.</param>
/// <param name="Email">The address as entered, trimmed.</param>
/// <param name="EmailKey">The comparison key: local part in NFKC and lower case, <c>@</c>, ASCII (IDNA) domain.</param>
/// <param name="Password">The password after the RFC 8265 OpaqueString preparation, ready to hash.</param>
public sealed record ValidRegistration(
    string Username,
    string UsernameKey,
    string Email,
    string EmailKey,
    string Password);
