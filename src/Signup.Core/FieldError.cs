namespace Signup.Core;

/// <summary>A problem with one input field: a stable machine code and a message a person can act on.</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>Names of the registration fields, as they appear in requests and in error maps.</summary>
public static class FieldNames
{
    public const string Username = "username";
    public const string Email = "email";
    public const string Password = "password";
}
