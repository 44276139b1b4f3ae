using System.Diagnostics.CodeAnalysis;

namespace Signup.Core;

/// <summary>The outcome of <see cref="RegistrationValidator.Validate"/>: a valid registration or the errors of every field.</summary>
public sealed class ValidationResult
{
    private ValidationResult(ValidRegistration? value, IReadOnlyList<FieldError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>True when no field has an error; <see cref="Value"/> is then set.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Value is not null;

    /// <summary>The normalized registration, or null when <see cref="Errors"/> is not empty.</summary>
    public ValidRegistration? Value { get; }

    /// <summary>Every error found, in field order (username, email, password); empty when valid.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>Creates the result of input without errors.</summary>
    public static ValidationResult Success(ValidRegistration value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new ValidationResult(value, []);
    }

    /// <summary>Creates the result of input with errors; at least one error is required.</summary>
    public static ValidationResult Failed(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed validation needs at least one error.", nameof(errors));
        }

        return new ValidationResult(null, errors);
    }
}
