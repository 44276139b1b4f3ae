using Signup.EndToEnd.Tests.Support;
using Signup.Testing;

namespace Signup.EndToEnd.Tests.Http;

/// <summary>A function process that dies (SIGKILL) costs at most the request it was serving.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(FunctionCrashCollection))]
public sealed class FunctionCrashTests(StackFixture stack)
{
    private const int ParallelRequests = 6;
    private const int MaxAttempts = 5;
    private const int IdleKillRounds = 5;

    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillIdleProcesses_RequestAfterPoolNoticed_Succeeds()
    {
        var killed = await KillIdleProcessesAsync();
        foreach (var processId in killed)
        {
            await WaitUntilUnlistedAsync(processId);
        }

        using var response = await stack.RegisterAsync(TestUser.Create(), Token);

        Assert.True(response.Status == 200, $"After the kill: {response}\n{stack.Output.Tail()}");
        Assert.DoesNotContain(stack.Stack.GetFunctionStatus(StackFixture.FunctionName).ProcessIds, killed.Contains);
    }

    // NOTE: a request sent right after an idle process is killed from outside can still be handed to that process
    // and get the gateway's 500, although the pool checks that a process is alive before reusing it.
    [Fact(Skip = "A request sent right after an idle function process is killed can still go to that process.")]
    public async Task KillIdleProcesses_ImmediateNextRequest_Succeeds()
    {
        // The window is a few milliseconds wide, so one round may miss it.
        for (var round = 1; round <= IdleKillRounds; round++)
        {
            await KillIdleProcessesAsync();

            using var response = await stack.RegisterAsync(TestUser.Create(), Token);

            Assert.True(response.Status == 200, $"Round {round}, after the kill: {response}\n{stack.Output.Tail()}");
        }
    }

    [Fact]
    public async Task KillBusyProcess_FailsOnlyItsRequest()
    {
        // A kill that lands after a process finished its request, but before it is idle again, fails nothing.
        // So the scenario repeats until a kill has hit a request in flight.
        var failuresPerAttempt = new List<int>();
        for (var attempt = 0; attempt < MaxAttempts && !failuresPerAttempt.Contains(1); attempt++)
        {
            failuresPerAttempt.Add(await KillDuringParallelRegistrationsAsync());
        }

        Assert.All(failuresPerAttempt, failures => Assert.InRange(failures, 0, 1));
        Assert.Contains(1, failuresPerAttempt);
        using var next = await stack.RegisterAsync(TestUser.Create(), Token);
        Assert.True(next.Status == 200, $"After the kill: {next}\n{stack.Output.Tail()}");
    }

    // Makes sure a warm process exists, kills every process of the function while idle, waits until the operating
    // system has ended them, and returns their ids.
    private async Task<IReadOnlyList<int>> KillIdleProcessesAsync()
    {
        using (var warmUp = await stack.RegisterAsync(TestUser.Create(), Token))
        {
            Assert.Equal(200, warmUp.Status);
        }

        var status = stack.Stack.GetFunctionStatus(StackFixture.FunctionName);
        Assert.NotEmpty(status.ProcessIds);
        Assert.Equal(status.ProcessIds.Count, status.IdleCount);
        foreach (var processId in status.ProcessIds)
        {
            FunctionProcesses.Kill(processId);
        }

        foreach (var processId in status.ProcessIds)
        {
            Assert.True(await FunctionProcesses.WaitUntilGoneAsync(processId, ExitTimeout, Token), $"{processId} still runs.");
        }

        return status.ProcessIds;
    }

    private async Task WaitUntilUnlistedAsync(int processId)
    {
        var deadline = DateTime.UtcNow + ExitTimeout;
        while (stack.Stack.GetFunctionStatus(StackFixture.FunctionName).ProcessIds.Contains(processId))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The pool still lists process {processId} {ExitTimeout} after it died.");
            await Task.Delay(10, Token);
        }
    }

    // Starts parallel registrations, kills one function process while every process is busy, and returns how many
    // registrations failed. Each failure must be a 5xx, and every other registration must succeed.
    private async Task<int> KillDuringParallelRegistrationsAsync()
    {
        var users = Enumerable.Range(0, ParallelRequests).Select(_ => TestUser.Create()).ToList();
        var registrations = users.Select(user => stack.RegisterAsync(user, Token)).ToList();

        int? victim = null;
        while (victim is null && !registrations.All(task => task.IsCompleted))
        {
            var status = stack.Stack.GetFunctionStatus(StackFixture.FunctionName);

            // With no idle process, each listed process has an invocation, starting or running.
            if (status.IdleCount == 0 && status.ProcessIds.Count > 0)
            {
                victim = status.ProcessIds[0];
                FunctionProcesses.Kill(victim.Value);
            }
            else
            {
                await Task.Delay(5, Token);
            }
        }

        var responses = await Task.WhenAll(registrations);
        try
        {
            var failed = responses.Where(response => response.Status != 200).ToList();
            Assert.All(failed, response => Assert.True(response.Status >= 500, $"A registration failed with {response}"));
            if (victim is { } processId)
            {
                Assert.True(await FunctionProcesses.WaitUntilGoneAsync(processId, ExitTimeout, Token), $"{processId} still runs.");
            }

            return failed.Count;
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }
}
