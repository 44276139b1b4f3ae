namespace Signup.Bench;

/// <summary>Durations and counts of a run: a full measurement, or a quick smoke check of every scenario.</summary>
internal sealed record BenchSettings
{
    public static readonly BenchSettings Full = new();

    public static readonly BenchSettings Quick = new()
    {
        IsQuick = true,
        HashSamples = 8,
        HashRateDuration = TimeSpan.FromSeconds(2),
        WarmUpDuration = TimeSpan.FromSeconds(2),
        LevelDuration = TimeSpan.FromSeconds(3),
        OverheadClients = [1, 4],
        OverheadClosedDuration = TimeSpan.FromSeconds(3),
        OverheadPercents = [50, 100],
        OverheadLevelDuration = TimeSpan.FromSeconds(2),
        ColdStarts = 3,
        PeerPercents = [50, 100],
    };

    public bool IsQuick { get; init; }

    /// <summary>Single-thread hashes whose median is t_h.</summary>
    public int HashSamples { get; init; } = 21;

    /// <summary>How long every core hashes to measure C.</summary>
    public TimeSpan HashRateDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Closed-loop registrations before the first level, which start every function process.</summary>
    public TimeSpan WarmUpDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Offered loads of the load scenario in percent of C.</summary>
    public int[] LoadPercents { get; init; } = [25, 50, 75, 100, 125];

    /// <summary>How long each open-loop level of the load and peer scenarios offers its rate.</summary>
    public TimeSpan LevelDuration { get; init; } = TimeSpan.FromSeconds(20);

    public int[] OverheadClients { get; init; } = [1, 2, 4, 8];

    public TimeSpan OverheadClosedDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Offered loads of the overhead sweep in percent of its best closed-loop throughput.</summary>
    public int[] OverheadPercents { get; init; } = [25, 50, 75, 100];

    public TimeSpan OverheadLevelDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Starts of each build in the cold-start scenario.</summary>
    public int ColdStarts { get; init; } = 20;

    /// <summary>Offered loads of the peer scenario in percent of C; a subset of <see cref="LoadPercents"/>.</summary>
    public int[] PeerPercents { get; init; } = [25, 50, 75, 100, 125];
}
