namespace Signup.Local.Storage;

/// <summary>How <see cref="DynamoDbLocal"/> starts.</summary>
public sealed record DynamoDbLocalOptions
{
    /// <summary>Directory of the database file (<c>-dbPath</c>), or null to keep the data in memory only.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Port on 127.0.0.1, or 0 for a free one.</summary>
    public int Port { get; init; }

    /// <summary>Checkout whose <c>node_modules</c> contains the jar, or null to search above the binaries.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>How long to wait for the first response to <c>ListTables</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
