using Signup.Reliability.Tests.Support;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>
/// A function process killed with SIGKILL in the middle of a request: that request fails with a 5xx, the next ones
/// succeed, and the table contains no half-written user.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SharedStackCollection.Name)]
public sealed class FunctionCrashTests(SharedStack stack)
{
    private const int MaxAttempts = 5;
    private const int RequestsAfterKill = 10;

    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillBusyProcess_OnlyItsRequestFails()
    {
        // A kill that lands after a process sent its response, but before the pool marks it idle, fails nothing,
        // so the round repeats until a kill has hit a request in flight.
        var rounds = new List<Round>();
        for (var attempt = 0; attempt < MaxAttempts && !rounds.Any(round => round.Failed.Count > 0); attempt++)
        {
            rounds.Add(await KillDuringRegistrationsAsync());
        }

        var after = new List<ApiReply>();
        for (var i = 0; i < RequestsAfterKill; i++)
        {
            after.Add(await stack.RegisterAsync(Registration.Create("crash"), Token));
        }

        var stored = await stack.StoredUsernamesAsync(Token);
        var problems = await stack.CheckConsistencyAsync(Token);
        var failed = rounds.SelectMany(round => round.Failed).ToList();
        TestFigures.Write(nameof(KillBusyProcess_OnlyItsRequestFails), new
        {
            rounds = rounds.Count,
            processesKilled = rounds.Count(round => round.Victim is not null),
            requestsDuringKills = rounds.Sum(round => round.Replies.Count),
            statusesDuringKills = Replies.CountByStatus(rounds.SelectMany(round => round.Replies.Select(pair => pair.Reply))),
            statusesAfterKills = Replies.CountByStatus(after),
            failedRequestsStored = failed.Count(registration => stored.Contains(registration.Username)),
            consistencyProblems = problems.Count,
        });

        Assert.All(rounds, round => Assert.InRange(round.Failed.Count, 0, 1));
        Assert.Contains(rounds, round => round.Failed.Count == 1);
        Assert.All(
            rounds.SelectMany(round => round.Replies),
            pair => Assert.True(pair.Reply.Status is 200 or >= 500, $"Unexpected reply {pair.Reply}"));
        Assert.All(
            rounds.SelectMany(round => round.Replies).Where(pair => pair.Reply.Status == 200),
            pair => Assert.Contains(pair.Registration.Username, stored));
        Assert.All(after, reply => Assert.Equal(200, reply.Status));
        Assert.Empty(problems);
    }

    // Starts more parallel registrations than the pool has processes, kills one process while every process is
    // busy, and returns the replies and the registrations that failed.
    private async Task<Round> KillDuringRegistrationsAsync()
    {
        var parallelRequests = stack.ReservedConcurrency + 2;
        var registrations = Enumerable.Range(0, parallelRequests).Select(_ => Registration.Create("crash")).ToList();
        var requests = registrations.Select(registration => stack.RegisterAsync(registration, Token)).ToList();

        int? victim = null;
        while (victim is null && !requests.All(task => task.IsCompleted))
        {
            var status = stack.Stack.GetFunctionStatus(ReliabilityStack.FunctionName);

            // With no idle process, each listed process has an invocation, starting or running.
            if (status.IdleCount == 0 && status.ProcessIds.Count > 0)
            {
                victim = status.ProcessIds[0];
                FunctionProcesses.Kill(victim.Value);
            }
            else
            {
                await Task.Delay(2, Token);
            }
        }

        var replies = await Task.WhenAll(requests);
        if (victim is { } processId)
        {
            Assert.True(await FunctionProcesses.WaitUntilGoneAsync(processId, ExitTimeout, Token), $"{processId} still runs.");
        }

        var pairs = registrations.Zip(replies).Select(pair => (Registration: pair.First, Reply: pair.Second)).ToList();
        return new Round(victim, pairs, [.. pairs.Where(pair => pair.Reply.Status != 200).Select(pair => pair.Registration)]);
    }

    private sealed record Round(int? Victim, List<(Registration Registration, ApiReply Reply)> Replies, List<Registration> Failed);
}
