namespace Signup.Local.Tests;

/// <summary>Locations in the checkout that the tests read.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Template => Path.Combine(RepositoryRoot, "template.yaml");

    public static string TestTemplate(string name) => Path.Combine(AppContext.BaseDirectory, "Templates", name);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Signup.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Signup.slnx above {AppContext.BaseDirectory}.");
    }
}
