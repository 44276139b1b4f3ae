namespace Signup.Testing;

/// <summary>Locates the repository checkout that the tests run from.</summary>
public static class RepositoryRoot
{
    /// <summary>
    /// Returns the nearest directory at or above the test binaries (or else the current directory) that contains
    /// <c>Signup.slnx</c>, as the local stack finds it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such directory exists.</exception>
    public static string Find() => Local.RepositoryRoot.Find();
}
