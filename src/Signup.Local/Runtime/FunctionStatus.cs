namespace Signup.Local.Runtime;

/// <summary>A snapshot of one function's processes.</summary>
/// <param name="FunctionName">Logical id of the function.</param>
/// <param name="MaxConcurrency">Most processes the function may run at once: its reserved concurrency.</param>
/// <param name="ProcessIds">Operating-system ids of the running processes.</param>
/// <param name="IdleCount">How many of them wait for an event.</param>
/// <param name="StartedCount">Processes started since the stack started, including ones that are gone.</param>
public sealed record FunctionStatus(
    string FunctionName,
    int MaxConcurrency,
    IReadOnlyList<int> ProcessIds,
    int IdleCount,
    int StartedCount);
