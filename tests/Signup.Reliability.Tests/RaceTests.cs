using Signup.Reliability.Tests.Support;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>
/// Many registrations that compete for one username or one email, all sent at once: exactly one creates the account,
/// every other gets 409, and none fails.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SharedStackCollection.Name)]
public sealed class RaceTests(SharedStack stack)
{
    private const int Contenders = 200;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameUsername_OneOf200Wins()
    {
        var username = Registration.Create("race").Username;
        var contenders = Enumerable.Range(0, Contenders)
            .Select(_ => Registration.Create("race") with { Username = username })
            .ToList();

        await RaceAsync(nameof(SameUsername_OneOf200Wins), contenders, "username");
    }

    [Fact]
    public async Task SameEmail_OneOf200Wins()
    {
        var email = Registration.Create("race").Email;
        var contenders = Enumerable.Range(0, Contenders)
            .Select(_ => Registration.Create("race") with { Email = email })
            .ToList();

        await RaceAsync(nameof(SameEmail_OneOf200Wins), contenders, "email");
    }

    private async Task RaceAsync(string name, IReadOnlyList<Registration> contenders, string contestedField)
    {
        var storedBefore = await stack.StoredUsernamesAsync(Token);
        using var sampler = new PoolSampler(stack);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = contenders
            .Select(async contender =>
            {
                await start.Task;
                return await stack.RegisterAsync(contender, Token);
            })
            .ToList();
        start.SetResult();
        var replies = await Task.WhenAll(requests);
        var busiest = await sampler.StopAsync();

        var statuses = Replies.CountByStatus(replies);
        var created = replies.Where(reply => reply.Status == 200).ToList();
        var conflicts = replies.Where(reply => reply.Status == 409).ToList();
        var storedNow = await stack.StoredUsernamesAsync(Token);
        var newUsers = storedNow.Except(storedBefore).ToList();
        var problems = await stack.CheckConsistencyAsync(Token);
        TestFigures.Write(name, new
        {
            contenders = contenders.Count,
            warmUpStatuses = stack.WarmUpStatuses,
            contestedField,
            statuses,
            reservedConcurrency = stack.ReservedConcurrency,
            poolMaxConcurrency = busiest.MaxConcurrency,
            maxBusyProcesses = busiest.MaxBusy,
            maxProcesses = busiest.MaxProcesses,
            usersCreated = newUsers.Count,
            consistencyProblems = problems.Count,
        });

        Assert.Equal(stack.ReservedConcurrency, busiest.MaxConcurrency);
        Assert.InRange(busiest.MaxProcesses, 1, stack.ReservedConcurrency);
        Assert.DoesNotContain(replies, reply => reply.Status >= 500 || reply.Status == ApiReply.NoResponse);
        Assert.DoesNotContain(replies, reply => reply.Status == 429);
        Assert.Single(created);
        Assert.Equal(contenders.Count - 1, conflicts.Count);
        Assert.All(conflicts, reply => Assert.True(reply.IsProblem, $"A 409 is not a problem: {reply}"));
        Assert.All(conflicts, reply => Assert.Contains($"\"{contestedField}\"", reply.Body, StringComparison.Ordinal));
        Assert.Single(newUsers);
        Assert.Empty(problems);
    }
}
