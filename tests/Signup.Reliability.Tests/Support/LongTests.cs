namespace Signup.Reliability.Tests.Support;

/// <summary>
/// Whether the long variant runs: <c>SIGNUP_LONG_TESTS=1</c> selects more load and a longer outage than fit the budget
/// of a normal test run.
/// </summary>
public static class LongTests
{
    public const string Variable = "SIGNUP_LONG_TESTS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Returns <paramref name="normal"/>, or <paramref name="long"/> in the long variant.</summary>
    public static T Choose<T>(T normal, T @long) => Enabled ? @long : normal;
}
