using Microsoft.Playwright;

namespace Signup.EndToEnd.Tests.Support;

/// <summary>
/// One headless Chromium for the test assembly, Debian's <c>/usr/bin/chromium</c> driven by Playwright. It starts on
/// first use, so tests that only speak HTTP need no browser. Each test gets its own browser context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The browser that <c>./test</c> installs with apt; Playwright never downloads one of its own here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] LaunchArguments =
    [
        // Containers and CI run as root, where Chromium's sandbox cannot start.
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    private readonly SemaphoreSlim _launchLock = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Directory of the screenshots that the browser tests take, under the test output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _launchLock.Dispose();
    }

    /// <summary>Opens a new, isolated browser context: its own cookies, storage and cache.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var browser = await GetBrowserAsync();
        return await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 800, Height = 900 },
            Locale = "en-US",
        });
    }

    private async Task<IBrowser> GetBrowserAsync()
    {
        await _launchLock.WaitAsync();
        try
        {
            if (_browser is not null)
            {
                return _browser;
            }

            if (!File.Exists(ChromiumPath))
            {
                throw new InvalidOperationException(
                    $"{ChromiumPath} is missing; the browser tests need it. Run ./test as root, which installs it, " +
                    "or install the Debian package 'chromium' (sudo apt-get install chromium).");
            }

            // The driver must never try to fetch a browser build: only the system's Chromium is used.
            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            // A first registration starts a function process and JIT-compiles it; on two busy cores that can take
            // longer than Playwright's default of 5 s.
            Assertions.SetDefaultExpectTimeout(20_000);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = LaunchArguments,
            });
            return _browser;
        }
        finally
        {
            _launchLock.Release();
        }
    }
}
