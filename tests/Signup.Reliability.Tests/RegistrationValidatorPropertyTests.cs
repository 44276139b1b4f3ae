using CsCheck;
using Signup.Core;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>
/// The registration rules over generated hostile input: they never throw, they report errors per field or a valid
/// registration, and a valid registration's keys and fields stay the same when validated again.
/// </summary>
public sealed class RegistrationValidatorPropertyTests
{
    private const int Iterations = 100_000;

    private static readonly RegistrationValidator Validator = new();

    private static readonly string[] Fields = [FieldNames.Username, FieldNames.Email, FieldNames.Password];

    [Fact]
    public void Validate_HostileInput_ErrorsOrStableRegistration()
    {
        var valid = 0;
        var gen = Gen.Select(
            Gen.Frequency((3, HostileText.Username), (1, HostileText.String)),
            Gen.Frequency((3, HostileText.Email), (1, HostileText.String)),
            Gen.Frequency((3, HostileText.Password), (1, HostileText.String)));

        gen.Sample(
            (username, email, password) =>
            {
                var result = Validator.Validate(new RegistrationInput(username, email, password));

                Assert.Equal(result.IsValid, result.Errors.Count == 0);
                Assert.All(result.Errors, error => Assert.Contains(error.Field, Fields));
                Assert.All(result.Errors, error => Assert.False(string.IsNullOrEmpty(error.Code)));
                Assert.Equal(
                    result.Errors.OrderBy(error => Array.IndexOf(Fields, error.Field)).Select(error => error.Field),
                    result.Errors.Select(error => error.Field));
                if (result.IsValid)
                {
                    Interlocked.Increment(ref valid);
                    AssertStable(result.Value);
                }
            },
            iter: Iterations);

        TestFigures.Write(nameof(Validate_HostileInput_ErrorsOrStableRegistration), new { inputsTried = Iterations, valid });
        Assert.InRange(valid, 1, Iterations - 1);
    }

    // Validating the normalized fields again must accept them and give the same keys and fields.
    private static void AssertStable(ValidRegistration registration)
    {
        var again = Validator.Validate(new RegistrationInput(registration.Username, registration.Email, registration.Password));

        Assert.True(again.IsValid, $"Normalized fields are rejected: {string.Join(", ", again.Errors.Select(error => error.Code))}");
        Assert.Equal(registration.UsernameKey, again.Value.UsernameKey);
        Assert.Equal(registration.EmailKey, again.Value.EmailKey);
        Assert.Equal(registration.Username, again.Value.Username);
        Assert.Equal(registration.Email, again.Value.Email);
        Assert.Equal(registration.Password, again.Value.Password);
        Assert.Equal(registration.UsernameKey, KeyNormalizer.UsernameKey(registration.UsernameKey));
        Assert.Equal(registration.UsernameKey, KeyNormalizer.UsernameKey(registration.Username));
    }
}
