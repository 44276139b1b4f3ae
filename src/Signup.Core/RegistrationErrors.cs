using System.Globalization;

namespace Signup.Core;

/// <summary>
/// Every error the registration rules report: its field, its stable snake_case code and its message.
/// Codes never change once published, so clients may rely on them. docs/rules.md lists them all.
/// </summary>
public static class RegistrationErrors
{
    public static FieldError UsernameRequired { get; } = Username("username_required", "Enter a username.");

    public static FieldError UsernameInvalidEncoding { get; } = Username(
        "username_invalid_encoding",
        "The username is not valid Unicode text: it contains an unpaired surrogate or U+FFFE. Type it again.");

    public static FieldError UsernameTooShort { get; } = Username(
        "username_too_short",
        Invariant($"Use at least {UsernameRules.MinLength} characters for the username."));

    public static FieldError UsernameTooLong { get; } = Username(
        "username_too_long",
        Invariant($"Use at most {UsernameRules.MaxLength} characters for the username."));

    public static FieldError UsernameInvalidCharacter { get; } = Username(
        "username_invalid_character",
        "Use only letters, digits, dots (.), underscores (_) and hyphens (-) in the username. " +
        "Spaces, symbols, emoji and invisible characters are not allowed.");

    public static FieldError UsernameCompatibilityCharacter { get; } = Username(
        "username_compatibility_character",
        "The username contains a styled variant of a character, such as a superscript, circled or " +
        "ligature letter. Type the plain letter or digit instead.");

    public static FieldError UsernameSeparatorAtEdge { get; } = Username(
        "username_separator_at_edge",
        "The username cannot start or end with a dot, underscore or hyphen.");

    public static FieldError UsernameConsecutiveSeparators { get; } = Username(
        "username_consecutive_separators",
        "The username cannot contain two dots, underscores or hyphens in a row.");

    public static FieldError UsernameStartsWithMark { get; } = Username(
        "username_starts_with_mark",
        "Start the username with a letter or a digit, not with an accent or another combining mark.");

    public static FieldError UsernameTooManyMarks { get; } = Username(
        "username_too_many_marks",
        Invariant($"Use at most {UsernameRules.MaxConsecutiveMarks} accents or other combining marks ") +
        "on one letter of the username.");

    public static FieldError UsernameRepeatedMark { get; } = Username(
        "username_repeated_mark",
        "The username has the same accent or combining mark twice on one letter. Keep only one.");

    public static FieldError UsernameDotAboveOnDottedLetter { get; } = Username(
        "username_dot_above_on_dotted_letter",
        "The username has a combining dot above (U+0307) on i, j, dotless ı or a similar letter, where " +
        "it cannot be seen or makes the name look like another one. Remove the combining dot.");

    public static FieldError UsernameMixedScripts { get; } = Username(
        "username_mixed_scripts",
        "Write the username in one script. Letters from different alphabets, such as Latin and " +
        "Cyrillic, cannot be mixed.");

    public static FieldError UsernameMixedDigits { get; } = Username(
        "username_mixed_digits",
        "Use digits from one numbering system in the username. Arabic-Indic and Extended " +
        "Arabic-Indic digits cannot be mixed.");

    public static FieldError UsernameMixedDirection { get; } = Username(
        "username_mixed_direction",
        "A username with right-to-left letters, such as Hebrew or Arabic, must start with a " +
        "right-to-left letter, end with a letter or digit, and contain no left-to-right letters.");

    public static FieldError EmailRequired { get; } = Email("email_required", "Enter an email address.");

    public static FieldError EmailInvalidEncoding { get; } = Email(
        "email_invalid_encoding",
        "The email address is not valid Unicode text: it contains an unpaired surrogate or U+FFFE. Type it again.");

    public static FieldError EmailInvalidFormat { get; } = Email(
        "email_invalid_format",
        "Enter the email address in the form name@example.com, with exactly one @.");

    public static FieldError EmailInvalidLocalPart { get; } = Email(
        "email_invalid_local_part",
        "The part before the @ may contain letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~, " +
        "with single dots between them. Spaces, quotes, comments and invisible characters are not accepted, " +
        "and an accent must follow a letter or digit.");

    public static FieldError EmailLocalPartTooLong { get; } = Email(
        "email_local_part_too_long",
        Invariant($"The part before the @ is too long: at most {EmailRules.MaxLocalPartBytes} bytes in UTF-8, ") +
        "which is fewer characters when it has accented or non-Latin letters.");

    public static FieldError EmailInvalidDomain { get; } = Email(
        "email_invalid_domain",
        "The part after the @ must be a domain name such as example.com: two or more labels separated " +
        "by dots, made of letters, digits and hyphens, and not ending in a number. IP addresses are not accepted.");

    public static FieldError EmailTooLong { get; } = Email(
        "email_too_long",
        Invariant($"The email address is too long: at most {EmailRules.MaxAddressBytes} bytes."));

    public static FieldError PasswordRequired { get; } = Password("password_required", "Enter a password.");

    public static FieldError PasswordInvalidEncoding { get; } = Password(
        "password_invalid_encoding",
        "The password is not valid Unicode text: it contains an unpaired surrogate or U+FFFE. Type it again.");

    public static FieldError PasswordTooShort { get; } = Password(
        "password_too_short",
        Invariant($"Use at least {PasswordRules.MinLength} characters for the password."));

    public static FieldError PasswordTooLong { get; } = Password(
        "password_too_long",
        Invariant($"Use at most {PasswordRules.MaxLength} characters for the password."));

    public static FieldError PasswordControlCharacter { get; } = Password(
        "password_control_character",
        "The password contains a control character, such as a tab or a line break. Remove it.");

    public static FieldError PasswordTooCommon { get; } = Password(
        "password_too_common",
        "This password is on a list of commonly used passwords. Choose a different one.");

    public static FieldError PasswordContainsUsername { get; } = Password(
        "password_contains_username",
        "The password cannot contain the username.");

    public static FieldError PasswordContainsEmail { get; } = Password(
        "password_contains_email",
        "The password cannot contain the part of the email address before the @.");

    /// <summary>All errors, in the order of the fields and of the checks.</summary>
    public static IReadOnlyList<FieldError> All { get; } =
    [
        UsernameRequired, UsernameInvalidEncoding, UsernameTooShort, UsernameTooLong, UsernameInvalidCharacter,
        UsernameCompatibilityCharacter, UsernameSeparatorAtEdge, UsernameConsecutiveSeparators,
        UsernameStartsWithMark, UsernameTooManyMarks, UsernameRepeatedMark, UsernameDotAboveOnDottedLetter,
        UsernameMixedScripts, UsernameMixedDigits, UsernameMixedDirection,
        EmailRequired, EmailInvalidEncoding, EmailInvalidFormat, EmailInvalidLocalPart, EmailLocalPartTooLong,
        EmailInvalidDomain, EmailTooLong,
        PasswordRequired, PasswordInvalidEncoding, PasswordTooShort, PasswordTooLong, PasswordControlCharacter,
        PasswordTooCommon, PasswordContainsUsername, PasswordContainsEmail,
    ];

    private static FieldError Username(string code, string message) => new(FieldNames.Username, code, message);

    private static FieldError Email(string code, string message) => new(FieldNames.Email, code, message);

    private static FieldError Password(string code, string message) => new(FieldNames.Password, code, message);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
