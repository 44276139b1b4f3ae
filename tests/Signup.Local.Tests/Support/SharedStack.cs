namespace Signup.Local.Tests.Support;

/// <summary>
/// One stack for the tests that only observe requests and responses, with a static site in a temporary
/// directory. A file next to that directory, <c>secret.txt</c>, must never be served.
/// </summary>
public sealed class SharedStack : IAsyncLifetime
{
    public const string SecretText = "not-for-the-web";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "signup-local-tests-" + Guid.NewGuid().ToString("N"));
    private TestStack? _stack;

    internal TestStack Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    public string SiteRoot => Path.Combine(_directory, "site");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(SiteRoot, "sub"));
        Directory.CreateDirectory(Path.Combine(SiteRoot, ".git"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "secret.txt"), SecretText);
        await File.WriteAllTextAsync(Path.Combine(SiteRoot, "index.html"), "<!doctype html><title>test</title>");
        await File.WriteAllTextAsync(Path.Combine(SiteRoot, "app.js"), "export const x = 1;");
        await File.WriteAllTextAsync(Path.Combine(SiteRoot, "styles.css"), "body { color: black; }");
        await File.WriteAllTextAsync(Path.Combine(SiteRoot, "favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        await File.WriteAllTextAsync(Path.Combine(SiteRoot, "sub", "page.html"), "<p>sub</p>");
        await File.WriteAllTextAsync(Path.Combine(SiteRoot, ".git", "config"), SecretText);
        await File.WriteAllTextAsync(Path.Combine(SiteRoot, ".env"), SecretText);
        await File.WriteAllTextAsync(Path.Combine(SiteRoot, "notes.unknown"), SecretText);
        _stack = await TestStack.StartAsync(CancellationToken.None, options => options with { SiteRoot = SiteRoot });
    }

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
