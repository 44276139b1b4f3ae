using Signup.EndToEnd.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Signup.EndToEnd.Tests.Browser;

/// <summary>The page's Idempotency-Key: one key per submission, the same key only for a retry of a lost request.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Browser")]
public sealed class IdempotencyKeyTests(StackFixture stack, BrowserFixture browser)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retry_AfterLostResponse_ReplaysWithSameKey()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        var keys = new List<string>();
        var lostResponses = 0;
        await page.Page.RouteAsync("**/createUser", async route =>
        {
            keys.Add(route.Request.Headers.GetValueOrDefault("idempotency-key", ""));
            if (Interlocked.Increment(ref lostResponses) == 1)
            {
                // The registration reaches the server and commits, but the page never sees the response.
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }

            await route.ContinueAsync();
        });
        var user = TestUser.Create();
        await page.FillAsync(user);

        await page.Submit.ClickAsync();
        await Expect(page.FormError).ToContainTextAsync("could not be sent");
        var replayed = page.Page.WaitForResponseAsync(response => response.Url.EndsWith("/createUser", StringComparison.Ordinal));
        await page.Submit.ClickAsync();

        await Expect(page.Success).ToBeVisibleAsync();
        await Expect(page.SuccessUsername).ToHaveTextAsync(user.Username);
        Assert.Equal(2, keys.Count);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", keys[0]);
        Assert.Equal(keys[0], keys[1]);
        var response = await replayed;
        Assert.Equal(200, response.Status);
        Assert.Equal("true", await response.HeaderValueAsync("idempotent-replayed"));
        Assert.Equal(1, await page.AssertApiResponsesMatchAsync());
        var items = await stack.ScanUsersTableAsync(Token);
        Assert.Single(items, item => item["pk"].S.StartsWith("USER#", StringComparison.Ordinal) && item["username"].S == user.Username);
        Assert.Empty(page.ScriptErrors);
    }

    [Fact]
    public async Task Submit_AfterRejection_SendsNewKey()
    {
        var taken = TestUser.Create();
        using (var created = await stack.RegisterAsync(taken, Token))
        {
            Assert.Equal(200, created.Status);
        }

        await using var page = await SignupPage.OpenAsync(browser, stack);
        var keys = new List<string>();
        page.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/createUser", StringComparison.Ordinal))
            {
                lock (keys)
                {
                    keys.Add(request.Headers.GetValueOrDefault("idempotency-key", ""));
                }
            }
        };
        var user = TestUser.Create() with { Username = taken.Username };
        await page.FillAsync(user);

        await page.Submit.ClickAsync();
        await Expect(page.FieldError("username")).ToContainTextAsync("already taken");
        await page.Username.FillAsync(TestUser.Create().Username);
        await page.Submit.ClickAsync();

        await Expect(page.Success).ToBeVisibleAsync();
        Assert.Equal(2, keys.Count);
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(2, await page.AssertApiResponsesMatchAsync());
    }

    [Fact]
    public async Task Retry_WithChangedValue_SendsNewKey()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        var keys = new List<string>();
        var failures = 0;
        await page.Page.RouteAsync("**/createUser", async route =>
        {
            keys.Add(route.Request.Headers.GetValueOrDefault("idempotency-key", ""));
            if (Interlocked.Increment(ref failures) == 1)
            {
                await route.AbortAsync("connectionrefused");
                return;
            }

            await route.ContinueAsync();
        });
        await page.FillAsync(TestUser.Create());

        await page.Submit.ClickAsync();
        await Expect(page.FormError).ToContainTextAsync("could not be sent");
        await page.Email.FillAsync(TestUser.Create().Email);
        await page.Submit.ClickAsync();

        await Expect(page.Success).ToBeVisibleAsync();
        Assert.Equal(2, keys.Count);
        Assert.NotEqual(keys[0], keys[1]);
    }
}
