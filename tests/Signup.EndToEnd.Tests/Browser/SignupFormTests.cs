using Microsoft.Playwright;
using Signup.EndToEnd.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Signup.EndToEnd.Tests.Browser;

/// <summary>The sign-up page in Chromium against the whole local stack.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Browser")]
public sealed class SignupFormTests(StackFixture stack, BrowserFixture browser)
{
    private static readonly string[] Fields = ["username", "email", "password"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_ValidValues_ShowsSuccess()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        var user = TestUser.Create();

        await page.FillAsync(user);
        await page.Submit.ClickAsync();

        await Expect(page.Success).ToBeVisibleAsync();
        await Expect(page.SuccessUsername).ToHaveTextAsync(user.Username);
        await Expect(page.SuccessEmail).ToHaveTextAsync(user.Email);
        await Expect(page.Form).ToBeHiddenAsync();
        await Expect(page.SuccessHeading).ToBeFocusedAsync();
        await Expect(page.Password).ToHaveValueAsync(string.Empty);
        await Expect(page.Page).ToHaveTitleAsync("Account created · Signup");
        Assert.Equal(1, page.CreateUserRequestCount);
        Assert.Equal(1, await page.AssertApiResponsesMatchAsync());
        Assert.Empty(page.ScriptErrors);
    }

    [Fact]
    public async Task Submit_EmptyForm_ShowsEveryRequiredError()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);

        await page.Submit.ClickAsync();

        await Expect(page.FieldError("username")).ToHaveTextAsync("Enter a username.");
        await Expect(page.FieldError("email")).ToHaveTextAsync("Enter an email address.");
        await Expect(page.FieldError("password")).ToHaveTextAsync("Enter a password.");
        foreach (var field in Fields)
        {
            await Expect(page.Field(field)).ToHaveAttributeAsync("aria-invalid", "true");
        }

        await Expect(page.Username).ToBeFocusedAsync();
        Assert.Equal(0, page.CreateUserRequestCount);
    }

    [Fact]
    public async Task Submit_InvalidValues_ShowsEveryFieldError()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        await page.FillAsync(new TestUser("a!", "not-an-email", "short"));

        // Enter submits from the field, so no blur moves the button under the pointer (see Click_AfterInvalidPassword_Submits).
        await page.Password.PressAsync("Enter");

        await Expect(page.FieldError("username")).ToContainTextAsync("Use 3 to 32 characters");
        await Expect(page.FieldError("username")).ToContainTextAsync("Use only letters, digits");
        await Expect(page.FieldError("email")).ToContainTextAsync("name@example.com");
        await Expect(page.FieldError("password")).ToContainTextAsync("Use at least 12 characters");
        foreach (var field in Fields)
        {
            await Expect(page.Field(field)).ToHaveAttributeAsync("aria-invalid", "true");
        }

        await Expect(page.Username).ToBeFocusedAsync();
        await Expect(page.Success).ToBeHiddenAsync();
        Assert.Equal(0, page.CreateUserRequestCount);
        Assert.Empty(page.ScriptErrors);
    }

    // NOTE: pressing the mouse button blurs the password field, and its new error pushes the submit button down.
    // The release then lands outside the button, so no click and no submit happen.
    [Fact]
    public async Task Click_AfterInvalidPassword_Submits()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        await page.FillAsync(TestUser.Create() with { Password = "short" });

        await page.Submit.ClickAsync();

        await Expect(page.Password).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Submit_CorrectedValue_ClearsItsError()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        var user = TestUser.Create();
        await page.FillAsync(user with { Username = "a!" });
        await page.Password.PressAsync("Enter");
        await Expect(page.Username).ToHaveAttributeAsync("aria-invalid", "true");

        await page.Username.FillAsync(user.Username);

        await Expect(page.FieldError("username")).ToBeEmptyAsync();
        await Expect(page.Username).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Theory]
    [InlineData("username", "username_taken", "This username is already taken")]
    [InlineData("email", "email_taken", "An account with this email address already exists")]
    public async Task Submit_TakenValue_ShowsConflictNextToField(string field, string code, string message)
    {
        var first = TestUser.Create();
        using (var created = await stack.RegisterAsync(first, Token))
        {
            Assert.Equal(200, created.Status);
        }

        var other = TestUser.Create();
        var second = field == "username" ? other with { Username = first.Username } : other with { Email = first.Email };
        await using var page = await SignupPage.OpenAsync(browser, stack);

        await page.FillAsync(second);
        await page.Submit.ClickAsync();

        await Expect(page.FieldError(field).Locator($"p[data-code='{code}']")).ToContainTextAsync(message);
        await Expect(page.Field(field)).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Field(field)).ToBeFocusedAsync();
        foreach (var otherField in Fields.Where(name => name != field))
        {
            await Expect(page.FieldError(otherField)).ToBeEmptyAsync();
        }

        await Expect(page.Success).ToBeHiddenAsync();
        Assert.Equal(1, page.CreateUserRequestCount);
        Assert.Equal(1, await page.AssertApiResponsesMatchAsync());
    }

    [Fact]
    public async Task Submit_MixedScriptUsername_ShowsServerError()
    {
        // The page's own checks allow any letters; only the server rejects a mix of Latin and Cyrillic.
        var user = TestUser.Create();
        await using var page = await SignupPage.OpenAsync(browser, stack);

        await page.FillAsync(user with { Username = user.Username + "\u0430" });
        await page.Submit.ClickAsync();

        await Expect(page.FieldError("username").Locator("p[data-code='username_mixed_scripts']")).ToBeVisibleAsync();
        await Expect(page.Username).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.FieldError("email")).ToBeEmptyAsync();
        await Expect(page.FieldError("password")).ToBeEmptyAsync();
        Assert.Equal(1, page.CreateUserRequestCount);
        Assert.Equal(1, await page.AssertApiResponsesMatchAsync());
    }

    [Fact]
    public async Task DoubleClickSubmit_CreatesOneUser()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        var user = TestUser.Create();
        await page.FillAsync(user);

        await page.Submit.DblClickAsync();

        await Expect(page.Success).ToBeVisibleAsync();
        await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(1, page.CreateUserRequestCount);
        Assert.Equal(1, await page.AssertApiResponsesMatchAsync());
        var items = await stack.ScanUsersTableAsync(Token);
        Assert.Single(items, item => item["pk"].S.StartsWith("USER#", StringComparison.Ordinal) && item["username"].S == user.Username);
        using var again = await stack.RegisterAsync(user, Token);
        Assert.Equal(409, again.Status);
    }

    [Fact]
    public async Task KeyboardOnly_TabAndEnter_CreatesUser()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        var user = TestUser.Create();
        var keyboard = page.Page.Keyboard;

        await keyboard.PressAsync("Tab");
        Assert.Equal("username", await page.FocusedIdAsync());
        await keyboard.TypeAsync(user.Username);
        await keyboard.PressAsync("Tab");
        Assert.Equal("email", await page.FocusedIdAsync());
        await keyboard.TypeAsync(user.Email);
        await keyboard.PressAsync("Tab");
        Assert.Equal("password", await page.FocusedIdAsync());
        await keyboard.TypeAsync(user.Password);
        await keyboard.PressAsync("Tab");
        Assert.Equal("password-toggle", await page.FocusedIdAsync());
        await keyboard.PressAsync("Space");
        await Expect(page.Password).ToHaveAttributeAsync("type", "text");
        await Expect(page.PasswordToggle).ToHaveAttributeAsync("aria-pressed", "true");
        await keyboard.PressAsync("Tab");
        Assert.Equal("submit", await page.FocusedIdAsync());
        await keyboard.PressAsync("Enter");

        await Expect(page.Success).ToBeVisibleAsync();
        await Expect(page.SuccessUsername).ToHaveTextAsync(user.Username);
        await Expect(page.SuccessHeading).ToBeFocusedAsync();
        Assert.Equal(1, page.CreateUserRequestCount);
        Assert.Equal(1, await page.AssertApiResponsesMatchAsync());
    }

    [Fact]
    public async Task KeyboardOnly_EnterInPasswordField_Submits()
    {
        await using var page = await SignupPage.OpenAsync(browser, stack);
        var user = TestUser.Create();
        await page.FillAsync(user);

        await page.Password.PressAsync("Enter");

        await Expect(page.Success).ToBeVisibleAsync();
        await Expect(page.SuccessEmail).ToHaveTextAsync(user.Email);
        Assert.Equal(1, await page.AssertApiResponsesMatchAsync());
    }
}
