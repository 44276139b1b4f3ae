using System.Reflection;

namespace Signup.Local.Tests;

/// <summary>Locations in the checkout that the tests read.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Local.RepositoryRoot.Find();

    public static string Template => Path.Combine(RepositoryRoot, "template.yaml");

    public static string TestTemplate => Path.Combine(AppContext.BaseDirectory, "Templates", "test-template.yaml");

    /// <summary>The test function's JIT build, from the same configuration as the tests.</summary>
    public static string TestFunction => Path.Combine(
        RepositoryRoot,
        "tests",
        "Signup.Local.TestFunction",
        "bin",
        Configuration,
        "net10.0",
        "Signup.Local.TestFunction.dll");

    private static string Configuration =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "Configuration").Value!;
}
