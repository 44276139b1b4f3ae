namespace Signup.Bench;

/// <summary>Everything one run measured; a scenario that did not run is null.</summary>
internal sealed record RunResult
{
    public required MachineInfo Machine { get; init; }

    public ScenarioResult<LoadResult>? Load { get; init; }

    public ScenarioResult<OverheadResult>? Overhead { get; init; }

    public ScenarioResult<ColdStartResult>? ColdStart { get; init; }

    public ScenarioResult<PeerResult>? Peer { get; init; }
}

/// <summary>One scenario's result with the command, time and kind of run that produced it.</summary>
internal sealed record ScenarioResult<T>(string Command, DateTimeOffset Date, bool Quick, double LoadAverage, T Data);

/// <summary>Single-thread time of one hash and the machine's hash rate with every core busy.</summary>
/// <param name="Parameters">Such as <c>m=19456 KiB, t=2, p=1</c>.</param>
/// <param name="SingleMs">Times of the single-thread hashes in milliseconds, in the order measured.</param>
/// <param name="Threads">Threads hashing at once for <paramref name="RatePerSecond"/>, one per core.</param>
/// <param name="RatePerSecond">Hashes per second with every thread busy: C.</param>
internal sealed record HashCost(string Parameters, double[] SingleMs, int Threads, double RatePerSecond)
{
    /// <summary>Median single-thread hash time in milliseconds: t_h.</summary>
    public double MedianMs => Stats.Median(SingleMs);
}

/// <summary>One load level: what was offered, what came back, and where the CPU time went.</summary>
/// <param name="Mode"><c>open</c> (fixed arrival schedule) or <c>closed</c> (clients that wait for each response).</param>
/// <param name="OfferedRate">Requests per second scheduled (open loop), or 0 (closed loop).</param>
/// <param name="Clients">Concurrent clients (closed loop), or 0 (open loop).</param>
/// <param name="Throughput">Responses with status 200 per second, from the first send to the last response.</param>
/// <param name="Statuses">Count of responses by status code, plus <c>timeout</c> and <c>error</c>.</param>
/// <param name="CpuSeconds">CPU seconds spent during the level by process kind, and <c>machine</c> for all.</param>
internal sealed record LevelResult(
    string Mode,
    double OfferedRate,
    int Clients,
    double DurationSeconds,
    int Sent,
    double Throughput,
    Latency Latency,
    IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyDictionary<string, double> CpuSeconds)
{
    /// <summary>Inside the function, when the level ran through the local stack.</summary>
    public StageTimes? Function { get; init; }

    public int Count(string status) => Statuses.GetValueOrDefault(status);
}

/// <summary>Median times in milliseconds of the stages inside the function, from its per-invocation log lines.</summary>
internal sealed record StageTimes(int Invocations, double ParseMs, double HashMs, double StoreMs, double TotalMs);

/// <summary>Latency percentiles in milliseconds over every request of a level, errors included.</summary>
internal sealed record Latency(double P50, double P95, double P99, double Max)
{
    public static Latency From(IReadOnlyList<double> values) => values.Count == 0
        ? new Latency(double.NaN, double.NaN, double.NaN, double.NaN)
        : new Latency(
            Stats.Percentile(values, 50), Stats.Percentile(values, 95), Stats.Percentile(values, 99), values.Max());
}

/// <summary>Open-loop levels at fractions of C, through the local stack with the production hash.</summary>
/// <param name="Percents">Offered load of each level in percent of C, in the order of <paramref name="Levels"/>.</param>
/// <param name="UsersStored">User items in the table after the last level.</param>
/// <param name="Created">Responses with status 200 over the whole scenario, warm-up included.</param>
/// <param name="FunctionRssMiB">VmRSS of each function process after the last level.</param>
internal sealed record LoadResult(
    HashCost Hash,
    string FunctionMode,
    int[] Percents,
    LevelResult[] Levels,
    int UsersStored,
    int Created,
    double[] FunctionRssMiB);

/// <summary>The local stack with libsodium's minimum hash: closed-loop client counts and an open-loop sweep.</summary>
/// <param name="SweepBase">Requests per second that the sweep's percentages refer to: the best closed-loop throughput.</param>
internal sealed record OverheadResult(
    HashCost Hash,
    LevelResult[] Closed,
    double SweepBase,
    int[] Percents,
    LevelResult[] Sweep,
    int UsersStored,
    int Created);

/// <summary>Cold starts of the JIT and the Native AOT build of the function.</summary>
internal sealed record ColdStartResult(ColdStartSeries Jit, ColdStartSeries Aot);

/// <summary>Repeated starts of one build; each array has one entry per start.</summary>
/// <param name="InitMs">Spawn to the first <c>next</c> request on the Runtime API.</param>
/// <param name="FirstInvocationMs">Queueing of one registration to its response, which the first <c>next</c> took.</param>
/// <param name="RssMiB">VmRSS after the first invocation.</param>
/// <param name="Statuses">HTTP status of each first invocation's response.</param>
internal sealed record ColdStartSeries(
    string Launch, double[] InitMs, double[] FirstInvocationMs, double[] RssMiB, int[] Statuses);

/// <summary>ASP.NET Core Identity's /register at two PBKDF2 costs, at the offered rates of the load scenario.</summary>
/// <param name="CalibrationArgon2Ms">Median Argon2id time that the equal cost was calibrated against.</param>
internal sealed record PeerResult(
    HashCost OurHash,
    double CalibrationArgon2Ms,
    int[] Percents,
    double[] OfferedRates,
    PeerSeries DefaultCost,
    PeerSeries EqualCost);

/// <summary>One PBKDF2 cost: its iteration count, the time of one hash, and the levels.</summary>
internal sealed record PeerSeries(int Iterations, double HashMs, LevelResult[] Levels, int UsersStored, int Created);
