using System.Net;

namespace Signup.Reliability.Tests.Support;

/// <summary>What the gateway returned for one request, read in full, and how long it took.</summary>
public sealed record ApiReply(int Status, string? MediaType, string? RetryAfter, string Body, TimeSpan Elapsed)
{
    /// <summary>A status for a request that got no HTTP response at all (connection error or client timeout).</summary>
    public const int NoResponse = 0;

    public const string ProblemJson = "application/problem+json";

    public bool IsProblem => string.Equals(MediaType, ProblemJson, StringComparison.Ordinal);

    /// <summary>True for a 503 problem from the function itself, with a Retry-After in whole seconds.</summary>
    public bool IsRetryableProblem =>
        Status == (int)HttpStatusCode.ServiceUnavailable && IsProblem && int.TryParse(RetryAfter, out var seconds) && seconds > 0;

    public override string ToString() => $"{Status} {MediaType} after {Elapsed.TotalMilliseconds:0} ms: {Body}";
}

/// <summary>Summaries of many replies for the figures.</summary>
public static class Replies
{
    /// <summary>Returns how many replies have each status, by status.</summary>
    public static SortedDictionary<int, int> CountByStatus(IEnumerable<ApiReply> replies) =>
        new(replies.GroupBy(reply => reply.Status).ToDictionary(group => group.Key, group => group.Count()));
}
