using System.Diagnostics;
using Signup.Core;
using Signup.Reliability.Tests.Support;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>
/// Unique registrations offered at about the rate at which this machine computes Argon2id hashes on all cores, which
/// bounds what the stack can serve: every 200 is a stored user, and nothing fails.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SharedStackCollection.Name)]
public sealed class LoadTests(SharedStack stack)
{
    private const string Prefix = "load";

    private const int HashMeasureWindows = 3;

    private static readonly TimeSpan HashMeasureWindow = TimeSpan.FromSeconds(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UniqueRegistrations_AtHashRate_AllStored()
    {
        var requestCount = LongTests.Choose(1_000, 5_000);

        // On a machine busy with other work the measured rate can be far below what the stack later serves, so the
        // offer also stops at a time limit, which keeps the test within the budget of a test run.
        var offerTimeLimit = LongTests.Choose(TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));

        // Requests beyond this many in flight wait for one to finish, so that a machine slower than the measurement
        // queues in the client and not in the gateway, whose integration timeout would turn the queue into 503s.
        var maxInFlight = 4 * stack.ReservedConcurrency;
        var hashRate = MeasureHashRate();
        var registrations = Enumerable.Range(0, requestCount).Select(_ => Registration.Create(Prefix)).ToList();

        using var sampler = new PoolSampler(stack);
        using var inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
        var clock = Stopwatch.StartNew();
        var pending = new List<Task<(Registration Registration, ApiReply Reply)>>(requestCount);
        var lateStarts = 0;
        for (var i = 0; i < requestCount && clock.Elapsed < offerTimeLimit; i++)
        {
            var due = TimeSpan.FromSeconds(i / hashRate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, Token);
            }

            if (!inFlight.Wait(0, Token))
            {
                lateStarts++;
                await inFlight.WaitAsync(Token);
            }

            var registration = registrations[i];
            pending.Add(SendAsync(registration, inFlight));
        }

        var results = await Task.WhenAll(pending);
        var elapsed = clock.Elapsed;
        var pool = await sampler.StopAsync();
        var replies = results.Select(result => result.Reply).ToList();
        var created = results.Where(result => result.Reply.Status == 200)
            .Select(result => result.Registration.Username)
            .ToHashSet(StringComparer.Ordinal);
        var stored = (await stack.StoredUsernamesAsync(Token))
            .Where(username => username.StartsWith(Prefix + "-", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var problems = await stack.CheckConsistencyAsync(Token);
        var latencies = replies.Select(reply => reply.Elapsed.TotalMilliseconds).Order().ToList();
        TestFigures.Write(nameof(UniqueRegistrations_AtHashRate_AllStored), new
        {
            requestsPlanned = requestCount,
            requests = replies.Count,
            offerTimeLimitSeconds = offerTimeLimit.TotalSeconds,
            longVariant = LongTests.Enabled,
            processors = Environment.ProcessorCount,
            measuredHashesPerSecond = Math.Round(hashRate, 1),
            offeredPerSecond = Math.Round(hashRate, 1),
            maxInFlight,
            requestsDelayedByInFlightLimit = lateStarts,
            seconds = Math.Round(elapsed.TotalSeconds, 1),
            servedPerSecond = Math.Round(replies.Count / elapsed.TotalSeconds, 1),
            latencyMsP50 = Math.Round(latencies[latencies.Count / 2]),
            latencyMsP99 = Math.Round(latencies[(int)(latencies.Count * 0.99)]),
            latencyMsMax = Math.Round(latencies[^1]),
            statuses = Replies.CountByStatus(replies),
            reservedConcurrency = stack.ReservedConcurrency,
            maxProcesses = pool.MaxProcesses,
            maxBusyProcesses = pool.MaxBusy,
            usersStored = stored.Count,
            createdButNotStored = created.Except(stored).Count(),
            storedButNotCreated = stored.Except(created).Count(),
            consistencyProblems = problems.Count,
        });

        Assert.DoesNotContain(replies, reply => reply.Status >= 500 || reply.Status == ApiReply.NoResponse);
        Assert.All(replies, reply => Assert.Equal(200, reply.Status));
        Assert.Equal(created.Count, stored.Count);
        Assert.Subset(stored, created);
        Assert.InRange(pool.MaxProcesses, 1, stack.ReservedConcurrency);
        Assert.Empty(problems);
    }

    // Hashes on every core with the function's default cost, in a few short windows, and returns the best window's
    // hashes per second: on a shared machine other work slows some windows, not the stack's capacity.
    private static double MeasureHashRate()
    {
        var hasher = new Argon2idPasswordHasher(new Argon2idOptions());
        hasher.Hash("warm-up password");
        var best = 0.0;
        for (var window = 0; window < HashMeasureWindows; window++)
        {
            var count = 0;
            var clock = Stopwatch.StartNew();
            Parallel.For(0, Environment.ProcessorCount, _ =>
            {
                while (clock.Elapsed < HashMeasureWindow)
                {
                    hasher.Hash("copper violin harbour");
                    Interlocked.Increment(ref count);
                }
            });
            best = Math.Max(best, count / clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    private async Task<(Registration, ApiReply)> SendAsync(Registration registration, SemaphoreSlim inFlight)
    {
        try
        {
            return (registration, await stack.RegisterAsync(registration, Token));
        }
        finally
        {
            inFlight.Release();
        }
    }
}
