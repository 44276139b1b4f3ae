using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;

namespace Signup.EndToEnd.Tests.Support;

/// <summary>
/// The sign-up page in its own browser context, with the element ids of <c>web/index.html</c>. It records every
/// <c>POST /createUser</c> the page sends, the responses to them, and every uncaught script error.
/// </summary>
public sealed class SignupPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<IRequest> _createUserRequests = [];
    private readonly List<IResponse> _createUserResponses = [];
    private readonly List<string> _scriptErrors = [];
    private readonly Lock _lock = new();

    private SignupPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && new Uri(request.Url).AbsolutePath == "/createUser")
            {
                lock (_lock)
                {
                    _createUserRequests.Add(request);
                }
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/createUser")
            {
                lock (_lock)
                {
                    _createUserResponses.Add(response);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_lock)
            {
                _scriptErrors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    public ILocator Form => Page.Locator("#signup-form");

    public ILocator Username => Page.Locator("#username");

    public ILocator Email => Page.Locator("#email");

    public ILocator Password => Page.Locator("#password");

    public ILocator PasswordToggle => Page.Locator("#password-toggle");

    public ILocator Submit => Page.Locator("#submit");

    public ILocator FormError => Page.Locator("#form-error");

    public ILocator Success => Page.Locator("#success");

    public ILocator SuccessHeading => Page.Locator("#success-heading");

    public ILocator SuccessUsername => Page.Locator("#success-username");

    public ILocator SuccessEmail => Page.Locator("#success-email");

    /// <summary>The <c>POST /createUser</c> requests the page has sent so far.</summary>
    public int CreateUserRequestCount
    {
        get
        {
            lock (_lock)
            {
                return _createUserRequests.Count;
            }
        }
    }

    /// <summary>Uncaught script errors on the page so far.</summary>
    public IReadOnlyList<string> ScriptErrors
    {
        get
        {
            lock (_lock)
            {
                return [.. _scriptErrors];
            }
        }
    }

    /// <summary>Opens the page in a new browser context and waits until it and its scripts have loaded.</summary>
    public static async Task<SignupPage> OpenAsync(BrowserFixture browser, StackFixture stack)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(stack);
        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            var signupPage = new SignupPage(context, page);
            var response = await page.GotoAsync(stack.Stack.PageUrl.ToString());
            Assert.True(response?.Ok, $"GET {stack.Stack.PageUrl} returned {response?.Status}.");
            return signupPage;
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>
    /// Checks each <c>POST /createUser</c> response the page has received as the HTTP tests check theirs: an
    /// <c>apigw-requestid</c> header and a body that <c>docs/openapi.yaml</c> describes. Returns how many it checked.
    /// </summary>
    public async Task<int> AssertApiResponsesMatchAsync()
    {
        List<IResponse> responses;
        lock (_lock)
        {
            responses = [.. _createUserResponses];
        }

        foreach (var response in responses)
        {
            var body = await response.TextAsync();
            Assert.True(
                response.Headers.ContainsKey("apigw-requestid"),
                $"POST /createUser → {response.Status} has no apigw-requestid header.");
            var contentType = response.Headers.TryGetValue("content-type", out var value) ? value : null;
            using var message = new HttpResponseMessage((HttpStatusCode)response.Status)
            {
                RequestMessage = new HttpRequestMessage(HttpMethod.Post, response.Url),
                Content = new StringContent(body, Encoding.UTF8),
            };
            message.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
            OpenApiContract.AssertMatches(message, body);
        }

        return responses.Count;
    }

    /// <summary>Returns the error element of a field: <c>#username-error</c>, <c>#email-error</c> or <c>#password-error</c>.</summary>
    public ILocator FieldError(string field) => Page.Locator($"#{field}-error");

    /// <summary>Returns the input of a field: <c>username</c>, <c>email</c> or <c>password</c>.</summary>
    public ILocator Field(string field) => Page.Locator($"#{field}");

    public async Task FillAsync(TestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        await Username.FillAsync(user.Username);
        await Email.FillAsync(user.Email);
        await Password.FillAsync(user.Password);
    }

    /// <summary>Returns the id of the focused element, or an empty string.</summary>
    public Task<string> FocusedIdAsync() => Page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''");

    /// <summary>Saves a full-page screenshot as <c>screenshots/NAME.png</c> under the test output directory.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        var path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
