using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Signup.Bench;

/// <summary>
/// Sends HTTP requests to one server, open-loop (a fixed arrival schedule) or closed-loop (clients that wait for
/// each response). In the open loop a request's latency runs from its scheduled send time, not from when it was
/// sent, so that time spent queueing in this process or in a connection pool counts (no coordinated omission).
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    // API Gateway's maximum integration timeout; a request still open then is counted as "timeout".
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client;

    public LoadGenerator(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            // No proxy: an HTTP_PROXY meant for the internet must not capture requests to 127.0.0.1.
            UseProxy = false,
            // More than the open loop ever has in flight, so that requests wait in the server, not in the pool.
            MaxConnectionsPerServer = 1024,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = RequestTimeout };
    }

    /// <summary>Sends <paramref name="rate"/> requests per second for <paramref name="duration"/>, then waits for all.</summary>
    public async Task<LevelResult> RunOpenLoopAsync(Func<HttpRequestMessage> createRequest, double rate, TimeSpan duration)
    {
        var count = Math.Max(1, (int)Math.Round(rate * duration.TotalSeconds));
        var outcomes = new Outcome[count];
        var sends = new Task[count];
        var interval = Stopwatch.Frequency / rate;
        var cpu = CpuSnapshot.Take();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }

            var index = i;
            sends[i] = Task.Run(async () => outcomes[index] = await SendAsync(createRequest(), due).ConfigureAwait(false));
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return Summarize("open", rate, 0, elapsed, outcomes, CpuSnapshot.Take().Since(cpu));
    }

    /// <summary>Runs <paramref name="clients"/> clients that each send a request, wait for it and send the next.</summary>
    public async Task<LevelResult> RunClosedLoopAsync(Func<HttpRequestMessage> createRequest, int clients, TimeSpan duration)
    {
        var outcomes = new ConcurrentQueue<Outcome>();
        var cpu = CpuSnapshot.Take();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                outcomes.Enqueue(await SendAsync(createRequest(), Stopwatch.GetTimestamp()).ConfigureAwait(false));
            }
        }));
        await Task.WhenAll(loops).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return Summarize("closed", 0, clients, elapsed, [.. outcomes], CpuSnapshot.Take().Since(cpu));
    }

    public void Dispose() => _client.Dispose();

    private async Task<Outcome> SendAsync(HttpRequestMessage request, long scheduled)
    {
        string status;
        try
        {
            using (request)
            using (var response = await _client.SendAsync(request).ConfigureAwait(false))
            {
                status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
        }
        catch (TaskCanceledException)
        {
            status = "timeout";
        }
        catch (HttpRequestException)
        {
            status = "error";
        }

        return new Outcome(status, Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
    }

    private static LevelResult Summarize(
        string mode,
        double rate,
        int clients,
        TimeSpan elapsed,
        Outcome[] outcomes,
        IReadOnlyDictionary<string, double> cpuSeconds)
    {
        var statuses = outcomes
            .GroupBy(outcome => outcome.Status, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var created = statuses.GetValueOrDefault(((int)HttpStatusCode.OK).ToString(CultureInfo.InvariantCulture));
        return new LevelResult(
            mode,
            rate,
            clients,
            elapsed.TotalSeconds,
            outcomes.Length,
            created / elapsed.TotalSeconds,
            Latency.From(outcomes.Select(outcome => outcome.Milliseconds).ToArray()),
            statuses,
            cpuSeconds);
    }

    private readonly record struct Outcome(string Status, double Milliseconds);
}
