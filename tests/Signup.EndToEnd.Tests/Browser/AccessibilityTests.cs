using Deque.AxeCore.Playwright;
using Signup.EndToEnd.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Signup.EndToEnd.Tests.Browser;

/// <summary>
/// axe-core on each state of the page, and a screenshot of each under <c>screenshots/</c> in the test output
/// directory, for a person to look at.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(StackFixture stack, BrowserFixture browser)
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("initial")]
    [InlineData("errors")]
    [InlineData("conflict")]
    [InlineData("success")]
    public async Task Axe_PageState_HasNoSeriousViolations(string state)
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        await ReachAsync(page, state);
        var screenshot = await page.ScreenshotAsync(state);

        var results = await page.Page.RunAxe();

        var blocking = results.Violations
            .Where(violation => BlockingImpacts.Contains(violation.Impact))
            .Select(violation => $"{violation.Impact} {violation.Id}: {violation.Help} at " +
                string.Join("; ", violation.Nodes.Select(node => $"{node.Target} {node.Html}")))
            .ToList();
        Assert.True(blocking.Count == 0, $"{state} ({screenshot}):\n{string.Join('\n', blocking)}");
        Assert.True(new FileInfo(screenshot).Length > 0, $"{screenshot} is empty.");
        await page.AssertApiResponsesMatchAsync();
    }

    private async Task ReachAsync(SignupPage page, string state)
    {
        switch (state)
        {
            case "initial":
                await Expect(page.Form).ToBeVisibleAsync();
                break;
            case "errors":
                await page.FillAsync(new TestUser("a!", "not-an-email", "short"));
                await page.Password.PressAsync("Enter");
                await Expect(page.Password).ToHaveAttributeAsync("aria-invalid", "true");
                break;
            case "conflict":
                var first = TestUser.Create();
                using (var created = await stack.RegisterAsync(first, Token))
                {
                    Assert.Equal(200, created.Status);
                }

                await page.FillAsync(TestUser.Create() with { Username = first.Username });
                await page.Submit.ClickAsync();
                await Expect(page.Username).ToHaveAttributeAsync("aria-invalid", "true");
                break;
            case "success":
                await page.FillAsync(TestUser.Create());
                await page.Submit.ClickAsync();
                await Expect(page.Success).ToBeVisibleAsync();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown page state.");
        }
    }
}
