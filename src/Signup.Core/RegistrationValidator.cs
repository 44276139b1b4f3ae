namespace Signup.Core;

/// <summary>
/// Validates and normalizes registration input. Every field is checked, so the result lists the
/// errors of all fields at once. Thread-safe; one instance can serve every request.
/// </summary>
public sealed class RegistrationValidator
{
    private readonly PasswordRules _passwordRules;

    /// <summary>Creates a validator that uses the embedded common-password list.</summary>
    public RegistrationValidator()
        : this(CommonPasswordList.Default)
    {
    }

    /// <summary>Creates a validator with a given common-password list.</summary>
    public RegistrationValidator(CommonPasswordList commonPasswords)
    {
        _passwordRules = new PasswordRules(commonPasswords);
    }

    /// <summary>Checks all three fields and returns the normalized registration or every error found.</summary>
    public ValidationResult Validate(RegistrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var username = UsernameRules.Validate(input.Username, errors);
        var email = EmailRules.Validate(input.Email, errors);
        var password = _passwordRules.Validate(input.Password, input.Username, LocalPartOf(input.Email), errors);

        if (errors.Count > 0 || username is null || email is null || password is null)
        {
            return ValidationResult.Failed(errors);
        }

        return ValidationResult.Success(
            new ValidRegistration(username.Display, username.Key, email.Address, email.Key, password));
    }

    /// <summary>The text before the first <c>@</c>, so an invalid address still guards the password.</summary>
    private static string? LocalPartOf(string? email)
    {
        var trimmed = EmailRules.Trim(email ?? string.Empty);
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? trimmed[..at] : null;
    }
}
