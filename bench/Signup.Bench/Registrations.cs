using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Signup.Bench;

/// <summary>
/// Unique registration requests whose password passes both products' rules. Signup requires 12 or more characters,
/// not a common password, and neither the username nor the email's local part inside it. ASP.NET Core Identity's
/// defaults require a digit, a lower-case and an upper-case letter, and a character that is neither.
/// </summary>
internal sealed class Registrations
{
    private readonly string _prefix = "b" + RandomNumberGenerator.GetHexString(6, lowercase: true);
    private int _sequence;

    /// <summary>A request for Signup's <c>POST /createUser</c>.</summary>
    public HttpRequestMessage CreateUser()
    {
        var name = NextName();
        return Post("/createUser", new Dictionary<string, string>
        {
            ["username"] = name,
            ["email"] = name + "@example.com",
            ["password"] = Password(),
        });
    }

    /// <summary>A request for ASP.NET Core Identity's <c>POST /register</c>.</summary>
    public HttpRequestMessage Register() => Post("/register", new Dictionary<string, string>
    {
        ["email"] = NextName() + "@example.com",
        ["password"] = Password(),
    });

    private string NextName() => $"{_prefix}-{Interlocked.Increment(ref _sequence)}";

    private static string Password() => "Tractor-Galaxy-" + RandomNumberGenerator.GetInt32(1000, 10000);

    private static HttpRequestMessage Post(string path, Dictionary<string, string> body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };
}
