using System.Text;
using Signup.DynamoDb;
using Signup.EndToEnd.Tests.Support;

namespace Signup.EndToEnd.Tests.Http;

/// <summary>Retries of <c>POST /createUser</c> with an Idempotency-Key, through the gateway and real function processes.</summary>
[Trait("Category", "Integration")]
public sealed class IdempotencyTests(StackFixture stack)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retry_AfterSuccess_ReturnsSameBody()
    {
        var user = TestUser.Create();
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync(user.ToJson(), key);
        using var retry = await PostAsync(user.ToJson(), key);

        Assert.Equal(200, first.Status);
        Assert.Null(first.Header("idempotent-replayed"));
        Assert.Equal(200, retry.Status);
        Assert.Equal("application/json", retry.MediaType);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("true", retry.Header("idempotent-replayed"));
        Assert.NotEqual(first.RequestId, retry.RequestId);
        var userId = first.Json.GetProperty("userId").GetString();
        var items = await stack.ScanUsersTableAsync(Token);
        Assert.Single(items, item => item["pk"].S.StartsWith("USER#", StringComparison.Ordinal) && item["username"].S == user.Username);
        Assert.Single(items, item => item["pk"].S.StartsWith("IDEMPOTENCY#", StringComparison.Ordinal) && item["userId"].S == userId);
        // Other tests write to the same table at the same time, so only this user's items are checked.
        var own = items.Where(item => item["userId"].S == userId).ToList();
        Assert.Equal(4, own.Count);
        Assert.Empty(TableConsistencyChecker.Check(own));
    }

    [Fact]
    public async Task Retry_WithOtherPassword_Returns422()
    {
        var user = TestUser.Create();
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync(user.ToJson(), key);

        using var retry = await PostAsync((user with { Password = "another kettle lantern" }).ToJson(), key);

        Assert.Equal(200, first.Status);
        Assert.Equal(422, retry.Status);
        Assert.Equal("application/problem+json", retry.MediaType);
        Assert.Equal("/problems/idempotency-key-reused", retry.Json.GetProperty("type").GetString());
        Assert.Equal(["idempotency_key_reused"], retry.ErrorCodes("Idempotency-Key"));
    }

    [Theory]
    [InlineData(129)]
    [InlineData(300)]
    public async Task CreateUser_TooLongKey_Returns400(int length)
    {
        var user = TestUser.Create();

        using var response = await PostAsync(user.ToJson(), new string('k', length));

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("/problems/invalid-idempotency-key", response.Json.GetProperty("type").GetString());
        Assert.Equal(["idempotency_key_invalid"], response.ErrorCodes("Idempotency-Key"));
        var items = await stack.ScanUsersTableAsync(Token);
        Assert.DoesNotContain(items, item => item.TryGetValue("username", out var name) && name.S == user.Username);
    }

    [Fact]
    public async Task CreateUser_ControlCharacterInKey_Returns400()
    {
        using var response = await PostAsync(TestUser.Create().ToJson(), "key\u007fwith-del");

        Assert.Equal(400, response.Status);
        Assert.Equal("/problems/invalid-idempotency-key", response.Json.GetProperty("type").GetString());
    }

    private Task<ApiResponse> PostAsync(string json, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/createUser")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey));
        return stack.SendAsync(request, Token);
    }
}
