namespace Signup.Testing;

/// <summary>Locates the repository checkout that the tests run from.</summary>
public static class RepositoryRoot
{
    private const string MarkerFile = "Signup.slnx";

    /// <summary>
    /// Returns the nearest directory at or above the test binaries that contains <c>Signup.slnx</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such directory exists.</exception>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, MarkerFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No {MarkerFile} was found in {AppContext.BaseDirectory} or any directory above it; " +
            "run the tests from inside the repository.");
    }
}
