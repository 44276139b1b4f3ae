using System.Reflection;
using Signup.Local;

namespace Signup.Testing;

/// <summary>Start-up of the local stack for test projects, and the HTTP client for its gateway.</summary>
public static class TestStack
{
    /// <summary>
    /// Returns the build configuration (Debug or Release) that <paramref name="testAssembly"/> was built with, from its
    /// <c>Configuration</c> assembly metadata, so that the stack runs the function build of the same configuration.
    /// </summary>
    public static string BuildConfiguration(Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        return testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "Configuration").Value!;
    }

    /// <summary>Starts the stack. A failure to start carries the stack's last output lines in its message.</summary>
    /// <exception cref="InvalidOperationException">The stack did not start.</exception>
    public static async Task<LocalStack> StartAsync(LocalStackOptions options, StackOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            return await LocalStack.StartAsync(options);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            throw new InvalidOperationException($"The local stack did not start: {e.Message}\n{output.Tail()}", e);
        }
    }

    /// <summary>
    /// Creates a client for the gateway at <paramref name="apiUrl"/> without proxy, cookies or redirects, so that a
    /// test gets each response as the gateway sent it.
    /// </summary>
    public static HttpClient CreateClient(Uri apiUrl, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = apiUrl,
        };
        if (timeout is { } value)
        {
            client.Timeout = value;
        }

        return client;
    }
}
