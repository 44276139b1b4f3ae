// Item layout of the users table (partition key "pk", no sort key). One user is three items, and a fourth when the
// request carried an Idempotency-Key:
//
//   pk = USER#<userId>           type=user: userId, username, usernameKey, email, emailKey, passwordHash,
//                                createdAt (yyyy-MM-ddTHH:mm:ss.fffZ, UTC), status=active
//   pk = USERNAME#<usernameKey>  type=username: userId of the user that owns the username
//   pk = EMAIL#<emailKey>        type=email: userId of the user that owns the email address
//   pk = IDEMPOTENCY#<keyHash>   type=idempotency: userId, fingerprint, createdAt, expiresAt (epoch seconds), where
//                                keyHash is the base64url SHA-256 of the key and fingerprint that of username and email
//
// All of them are put in one TransactWriteItems call, each on condition attribute_not_exists(pk). The idempotency
// record may also replace an expired record, because the table's time to live deletes expired items only
// eventually (typically within a few days). The guard items make a username key or email key belong to at most
// one user, and the transaction means a user item never exists without both of its guards. The cancellation
// reasons, listed in item order, tell which key was taken.

using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Signup.Core;

namespace Signup.DynamoDb;

/// <summary>
/// Stores users in DynamoDB with guard items that keep usernames and emails unique. Throttling, transaction
/// conflicts, server errors and network failures are retried with backoff until the deadline. A
/// <see cref="UserStoreException"/> reports every other failure.
/// </summary>
public sealed class DynamoDbUserStore : IUserStore
{
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string KeyIsFree = "attribute_not_exists(" + UsersTable.PartitionKey + ")";
    private const string KeyIsFreeOrExpired = KeyIsFree + " OR #expiresAt < :now";

    // Positions of the items in the transaction, which are also their positions in the cancellation reasons.
    private const int UserItem = 0;
    private const int UsernameItem = 1;
    private const int EmailItem = 2;
    private const int IdempotencyItem = 3;

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly DynamoDbUserStoreOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <param name="client">The DynamoDB client, which the store does not dispose.</param>
    /// <param name="tableName">The users table.</param>
    /// <param name="options">Retry settings, or null for the defaults.</param>
    /// <param name="timeProvider">Clock and timer for deadlines and backoff delays, or null for the system clock.</param>
    public DynamoDbUserStore(
        IAmazonDynamoDB client,
        string tableName,
        DynamoDbUserStoreOptions? options = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);

        _client = client;
        _tableName = tableName;
        _options = options ?? new DynamoDbUserStoreOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a store for the table named by the <c>USERS_TABLE</c> environment variable.</summary>
    /// <param name="client">The DynamoDB client, which the store does not dispose.</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable, returning null when it is not set.</param>
    /// <exception cref="InvalidOperationException"><c>USERS_TABLE</c> is not set.</exception>
    public static DynamoDbUserStore FromEnvironment(IAmazonDynamoDB client, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        var tableName = getEnvironmentVariable(UsersTable.TableNameVariable);
        if (string.IsNullOrWhiteSpace(tableName))
        {
            throw new InvalidOperationException(
                $"The environment variable {UsersTable.TableNameVariable} is not set; set it to the users table name.");
        }

        return new DynamoDbUserStore(client, tableName);
    }

    /// <summary>Stores the user and claims its username and email keys in one atomic step, without an idempotency record.</summary>
    /// <inheritdoc cref="CreateAsync(NewUser, IdempotencyRecord?, DateTimeOffset, CancellationToken)" />
    public Task<StoreOutcome> CreateAsync(NewUser user, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        CreateAsync(user, null, deadline, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="UserStoreException">
    /// DynamoDB rejected the write for a reason other than a taken key or a transient fault, or an item with the
    /// user's id already exists.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<StoreOutcome> CreateAsync(
        NewUser user,
        IdempotencyRecord? idempotency,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);

        var request = BuildTransaction(user, idempotency);
        return RetryAsync<StoreOutcome>(
            "Writing a user to",
            async token =>
            {
                try
                {
                    await _client.TransactWriteItemsAsync(request, token).ConfigureAwait(false);
                    return new StoreOutcome.Created();
                }
                catch (TransactionCanceledException exception)
                {
                    return InterpretCancellation(exception);
                }
            },
            mayHaveBeenWritten => new StoreOutcome.Unavailable(_options.RetryAfter, mayHaveBeenWritten),
            deadline,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="UserStoreException">DynamoDB rejected the read, or the stored record is malformed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<LookupOutcome<IdempotencyRecord>> FindIdempotencyRecordAsync(
        string keyHash,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyHash);

        return RetryAsync<LookupOutcome<IdempotencyRecord>>(
            "Reading an idempotency record from",
            async token =>
            {
                var item = await GetItemAsync(UsersTable.IdempotencyKey(keyHash), token).ConfigureAwait(false);
                if (item is null)
                {
                    return new LookupOutcome<IdempotencyRecord>.NotFound();
                }

                var record = StoredItems.ReadIdempotencyRecord(item, keyHash, _tableName);
                return record.ExpiresAt < TruncateToSeconds(_timeProvider.GetUtcNow())
                    ? new LookupOutcome<IdempotencyRecord>.NotFound()
                    : new LookupOutcome<IdempotencyRecord>.Found(record);
            },
            _ => new LookupOutcome<IdempotencyRecord>.Unavailable(_options.RetryAfter),
            deadline,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="UserStoreException">DynamoDB rejected the read, or the stored user is malformed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<LookupOutcome<StoredUser>> FindUserAsync(
        Guid userId,
        DateTimeOffset deadline,
        CancellationToken cancellationToken) =>
        RetryAsync<LookupOutcome<StoredUser>>(
            "Reading a user from",
            async token =>
            {
                var item = await GetItemAsync(UsersTable.UserKey(userId), token).ConfigureAwait(false);
                return item is null
                    ? new LookupOutcome<StoredUser>.NotFound()
                    : new LookupOutcome<StoredUser>.Found(StoredItems.ReadUser(item, userId, _tableName));
            },
            _ => new LookupOutcome<StoredUser>.Unavailable(_options.RetryAfter),
            deadline,
            cancellationToken);

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string key, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest
            {
                TableName = _tableName,
                Key = new Dictionary<string, AttributeValue> { [UsersTable.PartitionKey] = new(key) },
                ConsistentRead = true,
            },
            cancellationToken).ConfigureAwait(false);

        // The SDK leaves Item null or empty when the key does not exist.
        return response.Item is { Count: > 0 } item ? item : null;
    }

    // Runs an operation until it returns an outcome, retrying transient faults with backoff until the deadline. When
    // time runs out, `unavailable` builds the result, with true when any attempt may have taken effect.
    private async Task<T> RetryAsync<T>(
        string operation,
        Func<CancellationToken, Task<T?>> attempt,
        Func<bool, T> unavailable,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
        where T : class
    {
        var cutoff = deadline - _options.SafetyMargin;
        var mayHaveTakenEffect = false;
        for (var retry = 0; ; retry++)
        {
            var remaining = cutoff - _timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return unavailable(mayHaveTakenEffect);
            }

            var (outcome, uncertain) = await TryOnceAsync(operation, attempt, remaining, cancellationToken)
                .ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }

            mayHaveTakenEffect |= uncertain;
            var delay = _options.Backoff.NextDelay(retry);
            if (_timeProvider.GetUtcNow() + delay >= cutoff)
            {
                return unavailable(mayHaveTakenEffect);
            }

            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    // Returns the outcome of one attempt, or a null outcome when it failed in a way that a later attempt can clear.
    // Uncertain is true when that failure leaves open whether the database applied the request.
    private async Task<(T? Outcome, bool Uncertain)> TryOnceAsync<T>(
        string operation,
        Func<CancellationToken, Task<T?>> attempt,
        TimeSpan timeout,
        CancellationToken cancellationToken)
        where T : class
    {
        // The attempt timeout runs on the system timer, not the TimeProvider, because it bounds real network I/O.
        // It keeps a hanging connection from running past the deadline when the SDK's own timeout is longer.
        using var attemptSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptSource.CancelAfter(timeout);
        try
        {
            return (await attempt(attemptSource.Token).ConfigureAwait(false), false);
        }
        catch (Exception exception) when (TransientFaults.IsTransient(exception, cancellationToken))
        {
            return (null, TransientFaults.MayHaveTakenEffect(exception));
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not UserStoreException)
        {
            var code = exception is AmazonServiceException { ErrorCode: { } errorCode }
                ? errorCode
                : exception.GetType().Name;
            throw new UserStoreException($"{operation} table '{_tableName}' failed with {code}.", exception);
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    // Returns the conflict, or null when the reasons are transient, and throws for anything else.
    private StoreOutcome? InterpretCancellation(TransactionCanceledException exception)
    {
        var reasons = exception.CancellationReasons;
        if (reasons is null || reasons.Count == 0)
        {
            // Without reasons a taken key cannot be distinguished from a busy one. Retrying a taken key would only use
            // up the time until the deadline, so the failure goes to the caller instead.
            throw new UserStoreException(
                $"DynamoDB cancelled the write to table '{_tableName}' without giving reasons.",
                exception);
        }

        if (ReasonCode(reasons, UserItem) == ConditionalCheckFailed)
        {
            // Ids are fresh UUIDv7 values and the request token makes a repeated attempt of a committed write
            // succeed, so an existing user item with this id means ids are being reused: a fault, not a race.
            throw new UserStoreException(
                $"A user item with this id already exists in table '{_tableName}'.",
                exception);
        }

        // A request with the same key committed first. It usually claimed the same username and email, so this
        // outcome comes before the conflict those guards also report.
        if (ReasonCode(reasons, IdempotencyItem) == ConditionalCheckFailed)
        {
            return new StoreOutcome.IdempotencyKeyTaken();
        }

        var fields = new List<string>(2);
        if (ReasonCode(reasons, UsernameItem) == ConditionalCheckFailed)
        {
            fields.Add(FieldNames.Username);
        }

        if (ReasonCode(reasons, EmailItem) == ConditionalCheckFailed)
        {
            fields.Add(FieldNames.Email);
        }

        // A taken key is final even if another item was only busy: the write cannot succeed. A field whose guard
        // was busy is then missing from the conflict, and the client learns about it on the next submission.
        if (fields.Count > 0)
        {
            return new StoreOutcome.Conflict(fields);
        }

        if (reasons.Any(reason => TransientFaults.IsRetryableReason(reason?.Code)))
        {
            return null;
        }

        var codes = string.Join(", ", reasons.Select(reason => reason?.Code ?? "null"));
        throw new UserStoreException(
            $"DynamoDB cancelled the write to table '{_tableName}' with reasons [{codes}].",
            exception);
    }

    // The list may be shorter than the transaction. A missing entry gives no information about its item.
    private static string? ReasonCode(List<CancellationReason> reasons, int item) =>
        item < reasons.Count ? reasons[item]?.Code : null;

    private TransactWriteItemsRequest BuildTransaction(NewUser user, IdempotencyRecord? idempotency)
    {
        if (user.UserId == Guid.Empty)
        {
            throw new ArgumentException("The user id must not be empty.", nameof(user));
        }

        ArgumentException.ThrowIfNullOrEmpty(user.UsernameKey, nameof(user));
        ArgumentException.ThrowIfNullOrEmpty(user.EmailKey, nameof(user));

        var userId = user.UserId.ToString("D", CultureInfo.InvariantCulture);
        var userItem = new Dictionary<string, AttributeValue>
        {
            [UsersTable.PartitionKey] = new(UsersTable.UserKey(user.UserId)),
            [UsersTable.TypeAttribute] = new(UsersTable.UserType),
            [UsersTable.UserIdAttribute] = new(userId),
            [UsersTable.UsernameAttribute] = new(user.Username),
            [UsersTable.UsernameKeyAttribute] = new(user.UsernameKey),
            [UsersTable.EmailAttribute] = new(user.Email),
            [UsersTable.EmailKeyAttribute] = new(user.EmailKey),
            [UsersTable.PasswordHashAttribute] = new(user.PasswordHash),
            [UsersTable.CreatedAtAttribute] = new(UsersTable.FormatCreatedAt(user.CreatedAt)),
            [UsersTable.StatusAttribute] = new(UsersTable.ActiveStatus),
        };
        var usernameGuard = new Dictionary<string, AttributeValue>
        {
            [UsersTable.PartitionKey] = new(UsersTable.UsernameGuardKey(user.UsernameKey)),
            [UsersTable.TypeAttribute] = new(UsersTable.UsernameType),
            [UsersTable.UserIdAttribute] = new(userId),
        };
        var emailGuard = new Dictionary<string, AttributeValue>
        {
            [UsersTable.PartitionKey] = new(UsersTable.EmailGuardKey(user.EmailKey)),
            [UsersTable.TypeAttribute] = new(UsersTable.EmailType),
            [UsersTable.UserIdAttribute] = new(userId),
        };

        var request = new TransactWriteItemsRequest
        {
            // The token makes the transaction idempotent for 10 minutes: when an attempt committed but its
            // response was lost to a timeout, the retry succeeds instead of failing every condition.
            ClientRequestToken = userId,
            TransactItems = [PutIfAbsent(userItem), PutIfAbsent(usernameGuard), PutIfAbsent(emailGuard)],
        };
        if (idempotency is not null)
        {
            request.TransactItems.Add(PutIdempotencyRecord(idempotency, user.UserId));
        }

        return request;
    }

    private TransactWriteItem PutIdempotencyRecord(IdempotencyRecord record, Guid userId)
    {
        if (record.UserId != userId)
        {
            throw new ArgumentException("The idempotency record must name the user it is written with.", nameof(record));
        }

        ArgumentException.ThrowIfNullOrEmpty(record.KeyHash, nameof(record));
        ArgumentException.ThrowIfNullOrEmpty(record.Fingerprint, nameof(record));

        var item = new Dictionary<string, AttributeValue>
        {
            [UsersTable.PartitionKey] = new(UsersTable.IdempotencyKey(record.KeyHash)),
            [UsersTable.TypeAttribute] = new(UsersTable.IdempotencyType),
            [UsersTable.UserIdAttribute] = new(record.UserId.ToString("D", CultureInfo.InvariantCulture)),
            [UsersTable.FingerprintAttribute] = new(record.Fingerprint),
            [UsersTable.CreatedAtAttribute] = new(UsersTable.FormatCreatedAt(record.CreatedAt)),
            [UsersTable.ExpiresAtAttribute] = new() { N = UsersTable.FormatEpochSeconds(record.ExpiresAt) },
        };
        return new TransactWriteItem
        {
            Put = new Put
            {
                TableName = _tableName,
                Item = item,
                ConditionExpression = KeyIsFreeOrExpired,
                ExpressionAttributeNames = new Dictionary<string, string> { ["#expiresAt"] = UsersTable.ExpiresAtAttribute },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":now"] = new() { N = UsersTable.FormatEpochSeconds(_timeProvider.GetUtcNow()) },
                },
            },
        };
    }

    private TransactWriteItem PutIfAbsent(Dictionary<string, AttributeValue> item) => new()
    {
        Put = new Put { TableName = _tableName, Item = item, ConditionExpression = KeyIsFree },
    };
}
