using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Signup.Core;
using Signup.Local.Runtime;
using Signup.Local.Storage;

namespace Signup.Bench;

/// <summary>
/// ASP.NET Core Identity's <c>POST /register</c> (bench/Signup.Bench.Peer) at its default PBKDF2 cost and at a cost
/// equal in time to t_h, driven like <see cref="LoadScenario"/> at the same offered rates.
/// </summary>
internal static class PeerScenario
{
    public static async Task<PeerResult> RunAsync(BenchRun run)
    {
        var hash = run.ProductionHash;
        var percents = run.Settings.PeerPercents;
        var rates = percents.Select(percent => OfferedRate(run, percent)).ToArray();

        var defaultIterations = new PasswordHasherOptions().IterationCount;
        var (equalIterations, calibrationMs) = HashMeter.CalibratePbkdf2(new Argon2idOptions());
        var defaultCost = await RunSeriesAsync(run, defaultIterations, rates, percents).ConfigureAwait(false);
        var equalCost = await RunSeriesAsync(run, equalIterations, rates, percents).ConfigureAwait(false);
        return new PeerResult(hash, calibrationMs, percents, rates, defaultCost, equalCost);
    }

    // The load scenario's own rates when it ran, so that both see exactly the same offered loads.
    private static double OfferedRate(BenchRun run, int percent)
    {
        if (run.Load is { } load && Array.IndexOf(load.Percents, percent) is var index and >= 0)
        {
            return load.Levels[index].OfferedRate;
        }

        return run.ProductionHash.RatePerSecond * percent / 100;
    }

    private static async Task<PeerSeries> RunSeriesAsync(BenchRun run, int iterations, double[] rates, int[] percents)
    {
        var hashMs = HashMeter.MeasurePbkdf2(iterations, run.Settings.HashSamples, TimeSpan.Zero).MedianMs;
        Console.WriteLine($"Starting the peer with PBKDF2-HMAC-SHA512, {iterations} iterations ({hashMs:0.0} ms a hash)...");
        await using var peer = await PeerProcess.StartAsync(run.Root, iterations).ConfigureAwait(false);
        var registrations = new Registrations();
        using var generator = new LoadGenerator(peer.BaseAddress);
        var warmUp = await generator.RunClosedLoopAsync(registrations.Register, clients: 4, run.Settings.WarmUpDuration)
            .ConfigureAwait(false);
        BenchRun.PrintLevel("warm-up", warmUp);

        var levels = new List<LevelResult>();
        for (var i = 0; i < rates.Length; i++)
        {
            var level = await generator.RunOpenLoopAsync(registrations.Register, rates[i], run.Settings.LevelDuration)
                .ConfigureAwait(false);
            BenchRun.PrintLevel($"{percents[i]} % of C", level);
            levels.Add(level);
        }

        var created = warmUp.Count("200") + levels.Sum(level => level.Count("200"));
        var users = await peer.CountUsersAsync().ConfigureAwait(false);
        Console.WriteLine($"  users stored {users}, responses 200 {created}");
        return new PeerSeries(iterations, hashMs, [.. levels], users, created);
    }
}

/// <summary>A running bench/Signup.Bench.Peer process with a new SQLite database, stopped and deleted on dispose.</summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _client;

    private PeerProcess(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public static async Task<PeerProcess> StartAsync(string root, int iterations)
    {
        var assembly = Path.Combine(
            root, "bench", "Signup.Bench.Peer", "bin", BuildConfiguration(), "net10.0", "Signup.Bench.Peer.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"The peer's build is missing: {assembly}. Build bench/Signup.Bench.");
        }

        var directory = Directory.CreateTempSubdirectory("signup-bench-peer-").FullName;
        var port = DynamoDbLocal.FindFreePort();
        var launch = FunctionLaunch.Jit(assembly);
        var start = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(launch.EntryFile);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["PEER_DATABASE"] = Path.Combine(directory, "users.db");
        start.Environment["PEER_PBKDF2_ITERATIONS"] = iterations.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine("  peer: " + line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peer = new PeerProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await peer.WaitUntilReadyAsync().ConfigureAwait(false);
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<int> CountUsersAsync() =>
        int.Parse(await _client.GetStringAsync("users/count").ConfigureAwait(false), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    // The peer is built with the benchmark, so its output sits under the benchmark's own configuration.
    private static string BuildConfiguration() =>
        Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;

    private async Task WaitUntilReadyAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The peer exited with code {_process.ExitCode} before it responded.");
            }

            try
            {
                await CountUsersAsync().ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException) when (stopwatch.Elapsed < ReadyTimeout)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }
}
