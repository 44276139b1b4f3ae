namespace Signup.Local;

/// <summary>Locates the repository checkout that the stack or the tests run from.</summary>
public static class RepositoryRoot
{
    private const string MarkerFile = "Signup.slnx";

    /// <summary>
    /// Returns the nearest directory that contains <c>Signup.slnx</c>, looking first at and above the running
    /// binaries, then at and above the current directory.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such directory exists.</exception>
    public static string Find() =>
        FindAbove(AppContext.BaseDirectory)
        ?? FindAbove(Environment.CurrentDirectory)
        ?? throw new InvalidOperationException(
            $"No {MarkerFile} was found in {AppContext.BaseDirectory}, {Environment.CurrentDirectory} or any " +
            "directory above them; run from inside the repository.");

    private static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, MarkerFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
