using System.Text.Json.Nodes;

namespace Signup.Reliability.Tests.Support;

/// <summary>Values for one registration. <see cref="Create"/> makes a username and email that no other test uses.</summary>
public sealed record Registration(string Username, string Email, string Password)
{
    /// <summary>Returns a valid registration with a unique username, email address and password.</summary>
    /// <param name="prefix">Start of the username, so that a test can find its own users in the table.</param>
    public static Registration Create(string prefix = "rel")
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new Registration(
            $"{prefix}-{id}", $"{prefix}.{id}@example.com", $"copper violin {Guid.NewGuid().ToString("N")[..8]} harbour");
    }

    /// <summary>Returns the <c>POST /createUser</c> body.</summary>
    public string ToJson() =>
        new JsonObject { ["username"] = Username, ["email"] = Email, ["password"] = Password }.ToJsonString();
}
