namespace Signup.Core;

/// <summary>
/// Registers users: validates and normalises the input, hashes the password and stores the user,
/// whose username and email keys the store keeps unique.
/// </summary>
public sealed class RegistrationService(
    RegistrationValidator validator,
    IPasswordHasher hasher,
    IUserStore store,
    TimeProvider timeProvider)
{
    /// <summary>
    /// Registers one user. Expected failures (invalid input, a taken username or email, a busy database) come back
    /// as results; faults throw, and in every case nothing is stored unless the result is
    /// <see cref="RegistrationResult.Created"/>.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(
        RegistrationInput input,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var validation = validator.Validate(input);
        if (!validation.IsValid)
        {
            return new RegistrationResult.Invalid(validation.Errors, default);
        }

        var registration = validation.Value!;
        var hashStarted = timeProvider.GetTimestamp();
        var passwordHash = hasher.Hash(registration.Password);
        var hashTime = timeProvider.GetElapsedTime(hashStarted);

        var now = timeProvider.GetUtcNow();
        var createdAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var user = new NewUser(
            Guid.CreateVersion7(now),
            registration.Username,
            registration.UsernameKey,
            registration.Email,
            registration.EmailKey,
            passwordHash,
            createdAt);

        var storeStarted = timeProvider.GetTimestamp();
        var outcome = await store.CreateAsync(user, deadline, cancellationToken).ConfigureAwait(false);
        var timings = new RegistrationTimings(hashTime, timeProvider.GetElapsedTime(storeStarted));

        return outcome switch
        {
            StoreOutcome.Created => new RegistrationResult.Created(
                new RegisteredUser(user.UserId, user.Username, user.Email, user.CreatedAt), timings),
            StoreOutcome.Conflict conflict => new RegistrationResult.Conflict(conflict.Fields, timings),
            StoreOutcome.Unavailable unavailable => new RegistrationResult.Unavailable(unavailable.RetryAfter, timings),
            _ => throw new InvalidOperationException($"Unknown store outcome {outcome.GetType().Name}."),
        };
    }
}

/// <summary>A stored user as callers may see it: no password and no hash.</summary>
public sealed record RegisteredUser(Guid UserId, string Username, string Email, DateTimeOffset CreatedAt);

/// <summary>Time spent hashing the password and writing to the store; zero for steps that did not run.</summary>
public readonly record struct RegistrationTimings(TimeSpan Hash, TimeSpan Store);

/// <summary>The result of <see cref="RegistrationService.RegisterAsync"/>.</summary>
public abstract record RegistrationResult(RegistrationTimings Timings)
{
    /// <summary>The user was stored.</summary>
    public sealed record Created(RegisteredUser User, RegistrationTimings Timings) : RegistrationResult(Timings);

    /// <summary>The input broke one or more rules; every error is listed.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors, RegistrationTimings Timings)
        : RegistrationResult(Timings);

    /// <summary>Another user already has the username, the email, or both.</summary>
    public sealed record Conflict(IReadOnlyList<string> Fields, RegistrationTimings Timings)
        : RegistrationResult(Timings);

    /// <summary>The database stayed busy or unreachable until the deadline.</summary>
    public sealed record Unavailable(TimeSpan RetryAfter, RegistrationTimings Timings) : RegistrationResult(Timings);
}
