using Amazon.DynamoDBv2.Model;
using Signup.Core;
using Signup.Testing;

namespace Signup.DynamoDb.Tests;

/// <summary>Conflicts in one table shared by the class. Each test uses fresh keys and compares before with after.</summary>
[Trait("Category", "Integration")]
public sealed class DynamoDbUserStoreConflictTests(UsersTableFixture table) : IClassFixture<UsersTableFixture>
{
    private readonly DynamoDbUserStore _store = new(table.Client, table.TableName);

    [Theory]
    [InlineData(true, false, new[] { FieldNames.Username })]
    [InlineData(false, true, new[] { FieldNames.Email })]
    [InlineData(true, true, new[] { FieldNames.Username, FieldNames.Email })]
    public async Task Create_TakenKeys_ReturnsConflictAndStoresNothing(
        bool sameUsername,
        bool sameEmail,
        string[] expectedFields)
    {
        var first = TestUsers.Create();
        Assert.IsType<StoreOutcome.Created>(await CreateAsync(first));
        var before = await table.ScanAsync(TestContext.Current.CancellationToken);
        var fresh = TestUsers.Create();
        var second = fresh with
        {
            UsernameKey = sameUsername ? first.UsernameKey : fresh.UsernameKey,
            EmailKey = sameEmail ? first.EmailKey : fresh.EmailKey,
        };

        var outcome = await CreateAsync(second);

        var conflict = Assert.IsType<StoreOutcome.Conflict>(outcome);
        Assert.Equal(expectedFields, conflict.Fields);
        var after = await table.ScanAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Keys(before), Keys(after));
    }

    [Fact]
    public async Task Create_SameKeyDifferentDisplayForm_ReturnsConflict()
    {
        var username = TestUsers.UniqueName("alice");
        var email = username + "@example.com";
        Assert.IsType<StoreOutcome.Created>(await CreateAsync(TestUsers.Create(username, email)));

        var outcome = await CreateAsync(TestUsers.Create(username.ToUpperInvariant(), email.ToUpperInvariant()));

        var conflict = Assert.IsType<StoreOutcome.Conflict>(outcome);
        Assert.Equal([FieldNames.Username, FieldNames.Email], conflict.Fields);
    }

    [Fact]
    public async Task Create_ConflictingUser_KeepsFirstOwner()
    {
        var first = TestUsers.Create();
        await CreateAsync(first);

        await CreateAsync(TestUsers.Create(first.Username, first.Email));

        var items = await table.ScanAsync(TestContext.Current.CancellationToken);
        var guards = items.Where(item =>
            item["pk"].S == "USERNAME#" + first.UsernameKey || item["pk"].S == "EMAIL#" + first.EmailKey).ToList();
        Assert.Equal(2, guards.Count);
        Assert.All(guards, guard => Assert.Equal(first.UserId.ToString("D"), guard["userId"].S));
    }

    private Task<StoreOutcome> CreateAsync(NewUser user) =>
        _store.CreateAsync(user, DateTimeOffset.UtcNow.AddSeconds(5), TestContext.Current.CancellationToken);

    private static List<string> Keys(IEnumerable<Dictionary<string, AttributeValue>> items) =>
        items.Select(item => item["pk"].S).Order(StringComparer.Ordinal).ToList();
}
