using System.Text.Json.Nodes;

namespace Signup.EndToEnd.Tests.Support;

/// <summary>Values for one registration. <see cref="Create"/> makes a username and email that no other test uses.</summary>
public sealed record TestUser(string Username, string Email, string Password)
{
    /// <summary>Returns a valid registration with a unique username and email address.</summary>
    public static TestUser Create()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new TestUser($"e2e-{id}", $"e2e.{id}@example.com", $"amber kettle {Guid.NewGuid().ToString("N")[..6]} lantern");
    }

    /// <summary>Returns the <c>POST /createUser</c> body.</summary>
    public string ToJson() =>
        new JsonObject { ["username"] = Username, ["email"] = Email, ["password"] = Password }.ToJsonString();
}
