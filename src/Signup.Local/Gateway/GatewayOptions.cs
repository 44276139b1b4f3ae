namespace Signup.Local.Gateway;

/// <summary>Settings of <see cref="HttpApiGateway"/>.</summary>
internal sealed record GatewayOptions
{
    /// <summary>Port on 127.0.0.1 and ::1; 0 picks a free port on 127.0.0.1 only.</summary>
    public required int Port { get; init; }

    public required string AccountId { get; init; }

    /// <summary>Directory of the static site served at <c>/</c>, or null for none.</summary>
    public string? SiteRoot { get; init; }

    /// <summary>Receives one JSON access-log line per request.</summary>
    public required Action<string> AccessLog { get; init; }
}
