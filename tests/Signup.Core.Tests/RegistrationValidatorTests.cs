namespace Signup.Core.Tests;

public class RegistrationValidatorTests
{
    private static readonly RegistrationValidator Validator = new();

    [Fact]
    public void Validate_ValidInput_ReturnsNormalizedRegistration()
    {
        var input = new RegistrationInput("\uFF2A\uFF4F\uFF53e\u0301", "  Jose@B\u00FCcher.example ", "caf\u00E9\u00A0au lait please");

        var result = Validator.Validate(input);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal("\uFF2A\uFF4F\uFF53\u00E9", result.Value.Username);
        Assert.Equal("jos\u00E9", result.Value.UsernameKey);
        Assert.Equal("Jose@B\u00FCcher.example", result.Value.Email);
        Assert.Equal("jose@xn--bcher-kva.example", result.Value.EmailKey);
        Assert.Equal("caf\u00E9 au lait please", result.Value.Password);
    }

    [Fact]
    public void Validate_AllFieldsInvalid_ReportsEach()
    {
        var input = new RegistrationInput("a", "not-an-email", "short");

        var result = Validator.Validate(input);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(
            ["username_too_short", "email_invalid_format", "password_too_short"],
            result.Errors.Select(e => e.Code));
        Assert.Equal(
            [FieldNames.Username, FieldNames.Email, FieldNames.Password],
            result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_OneFieldManyErrors_ReportsEach()
    {
        var input = new RegistrationInput("alice", "alice@example.com", "alice\0");

        var result = Validator.Validate(input);

        Assert.Equal(
            ["password_too_short", "password_control_character", "password_contains_username", "password_contains_email"],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_InvalidEmail_StillGuardsPassword()
    {
        var input = new RegistrationInput("someone", "johnny@", "secret-johnny-2024");

        var result = Validator.Validate(input);

        Assert.Contains(RegistrationErrors.EmailInvalidFormat, result.Errors);
        Assert.Contains(RegistrationErrors.PasswordContainsEmail, result.Errors);
    }

    [Fact]
    public void Validate_NullFields_ReportedAsRequired()
    {
        var input = new RegistrationInput(null!, null!, null!);

        var result = Validator.Validate(input);

        Assert.Equal(["username_required", "email_required", "password_required"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_LoneSurrogates_ReportedAsCodes()
    {
        var input = new RegistrationInput("ab\uD800c", "a\uDC00@example.com", "abcdefghijkl\uD83D");

        var result = Validator.Validate(input);

        Assert.Equal(
            ["username_invalid_encoding", "email_invalid_encoding", "password_invalid_encoding"],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_UnderTurkishCulture_SameKeys()
    {
        var input = new RegistrationInput("IRMAK", "IRMAK@EXAMPLE.COM", "kapali-kutu-1907");
        var invariant = Validator.Validate(input);

        using var scope = new CultureScope("tr-TR");
        var turkish = Validator.Validate(input);

        Assert.Equal("irmak", turkish.Value?.UsernameKey);
        Assert.Equal(invariant.Value?.UsernameKey, turkish.Value?.UsernameKey);
        Assert.Equal(invariant.Value?.EmailKey, turkish.Value?.EmailKey);
    }

    [Fact]
    public void Failed_NoErrors_Throws()
    {
        Assert.Throws<ArgumentException>(() => ValidationResult.Failed([]));
    }
}
