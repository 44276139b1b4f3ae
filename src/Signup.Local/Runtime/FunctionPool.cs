using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Signup.Local.Template;

namespace Signup.Local.Runtime;

/// <summary>
/// The processes of one function. Each invocation takes a warm idle process if there is one, else it starts a new
/// one, up to the function's reserved concurrency. Beyond that limit, invocations wait for a process to free up.
/// Processes that crash, time out or fail to initialise are dropped and replaced on demand, and idle ones stop
/// after the idle timeout.
/// </summary>
/// <remarks>
/// NOTE: Lambda rejects invocations beyond the reserved concurrency with 429, which API Gateway turns into a 500.
/// This pool queues them instead, bounded by the caller's token, so that a laptop under load shows latency
/// rather than errors.
/// </remarks>
internal sealed class FunctionPool : IAsyncDisposable
{
    private readonly FunctionLaunch _launch;
    private readonly FunctionPoolOptions _options;
    private readonly IRuntimeRegistry _server;
    private readonly Action<string> _writeLine;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    // Never disposed: invocations still finishing at shutdown release it, and it allocates no wait handle.
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "See above.")]
    private readonly SemaphoreSlim _slots;
    private readonly Lock _lock = new();
    private readonly List<FunctionInstance> _instances = [];

    // Idle processes, most recently used last, so that reuse keeps the same few warm and the rest idle out.
    private readonly List<FunctionInstance> _idle = [];
    private readonly List<Task> _stopping = [];
    private readonly ITimer _reaper;
    private int _started;
    private bool _disposed;

    public FunctionPool(
        FunctionDefinition function,
        FunctionLaunch launch,
        FunctionPoolOptions options,
        IRuntimeRegistry server,
        Action<string> writeLine,
        ILogger logger,
        TimeProvider time)
    {
        Function = function;
        _launch = launch;
        _options = options;
        _server = server;
        _writeLine = writeLine;
        _logger = logger;
        _time = time;
        MaxConcurrency = function.ReservedConcurrency ?? options.DefaultConcurrency;
        _slots = new SemaphoreSlim(MaxConcurrency, MaxConcurrency);

        var period = TimeSpan.FromTicks(Math.Clamp(
            options.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));
        _reaper = time.CreateTimer(_ => StopIdleInstances(), null, period, period);
    }

    public FunctionDefinition Function { get; }

    public int MaxConcurrency { get; }

    /// <summary>
    /// Runs one invocation and returns its result. <paramref name="cancellationToken"/> only bounds the wait for a
    /// free process: once the event is handed over, it runs to its result, as in Lambda.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token fired while the invocation waited for a process.</exception>
    public async Task<InvocationResult> InvokeAsync(byte[] payload, string traceId, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var instance = TakeIdleInstance() ?? StartInstance();
            if (instance is null)
            {
                return InvocationResult.Failure(InvocationOutcome.Crashed, "Runtime.InvalidEntrypoint");
            }

            var invocation = new PendingInvocation(payload, traceId);
            instance.Enqueue(invocation);
            var result = await RunAsync(instance, invocation).ConfigureAwait(false);
            Release(instance);
            return result;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// Starts one process ahead of the first invocation, when the function has none, so that its init overlaps
    /// the rest of start-up.
    /// </summary>
    public void StartWarmInstance()
    {
        lock (_lock)
        {
            if (_instances.Count > 0)
            {
                return;
            }
        }

        if (StartInstance() is { } instance)
        {
            Release(instance);
        }
    }

    /// <summary>Returns the current processes and counters.</summary>
    public FunctionStatus GetStatus()
    {
        lock (_lock)
        {
            return new FunctionStatus(
                Function.LogicalId,
                MaxConcurrency,
                _instances.Where(instance => !instance.HasExited).Select(instance => instance.ProcessId).ToList(),
                _idle.Count,
                _started);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<FunctionInstance> instances;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            instances = [.. _instances];
            _idle.Clear();
        }

        await _reaper.DisposeAsync().ConfigureAwait(false);
        var stops = instances.Select(instance => instance.StopAsync(_options.StopGracePeriod)).ToList();
        lock (_lock)
        {
            stops.AddRange(_stopping);
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
        foreach (var instance in instances)
        {
            Remove(instance);
        }
    }

    private async Task<InvocationResult> RunAsync(FunctionInstance instance, PendingInvocation invocation)
    {
        try
        {
            // A new process must first initialise; a warm one is already waiting in `next`.
            await Task.WhenAny(invocation.Delivered, invocation.Completion)
                .WaitAsync(_options.InitTimeout, _time)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Completed before the kill, so that the exit it causes is not reported as a crash.
            if (invocation.TryComplete(InvocationResult.Failure(InvocationOutcome.TimedOut, "Runtime.InitTimeout")))
            {
                LocalStackLog.InitTimedOut(_logger, instance.Name, instance.ProcessId, _options.InitTimeout.TotalSeconds);
                instance.Kill();
            }

            return await invocation.Completion.ConfigureAwait(false);
        }

        if (!invocation.IsCompleted)
        {
            var remaining = invocation.Deadline - _time.GetUtcNow();
            try
            {
                await invocation.Completion
                    .WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time)
                    .ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Lambda ends a timed-out invocation by resetting its execution environment. The whole process tree
                // is killed, so that no child keeps working for a request that has already failed.
                if (invocation.TryComplete(InvocationResult.Failure(InvocationOutcome.TimedOut, "Sandbox.Timedout")))
                {
                    LocalStackLog.InvocationTimedOut(
                        _logger, instance.Name, instance.ProcessId, Function.Timeout.TotalSeconds, invocation.RequestId);
                    instance.Kill();
                }
            }
        }

        var result = await invocation.Completion.ConfigureAwait(false);
        if (result.Outcome == InvocationOutcome.FunctionError)
        {
            LocalStackLog.InvocationFailed(_logger, instance.Name, result.ErrorType ?? "(none)", invocation.RequestId);
        }

        return result;
    }

    private FunctionInstance? TakeIdleInstance()
    {
        lock (_lock)
        {
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                var candidate = _idle[i];
                _idle.RemoveAt(i);
                if (!candidate.IsRetired && !candidate.HasProcessExited)
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    private FunctionInstance? StartInstance()
    {
        int ordinal;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ordinal = ++_started;
        }

        var id = Guid.NewGuid().ToString("N")[..16];
        var instance = FunctionInstance.Create(
            id, ordinal, Function, _launch, BuildEnvironment(id), _writeLine, _time, OnInstanceExited);
        _server.Register(instance);
        try
        {
            instance.Start();
        }
        catch (Win32Exception e)
        {
            _server.Unregister(instance);
            instance.Dispose();
            LocalStackLog.InstanceStartFailed(_logger, Function.LogicalId, _launch.FileName, e);
            return null;
        }

        lock (_lock)
        {
            _instances.Add(instance);
        }

        return instance;
    }

    // Returns a healthy instance to the idle list; a retired one is left to its exit, which removes it.
    private void Release(FunctionInstance instance)
    {
        lock (_lock)
        {
            if (!instance.IsRetired && !_disposed)
            {
                instance.LastUsedTimestamp = _time.GetTimestamp();
                _idle.Add(instance);
            }
        }
    }

    private void OnInstanceExited(FunctionInstance instance)
    {
        bool expected;
        lock (_lock)
        {
            expected = _disposed || !_instances.Contains(instance);
            _idle.Remove(instance);
        }

        // Code 0 is a runtime that stopped on a signal, such as the Ctrl-C a terminal sends to the whole group.
        if (!expected && instance.ExitCode is 0)
        {
            LocalStackLog.InstanceExitedCleanly(_logger, instance.Name, instance.ProcessId);
        }
        else if (!expected && instance.ExitCode is { } code)
        {
            LocalStackLog.InstanceExited(_logger, instance.Name, instance.ProcessId, code);
        }

        Remove(instance);
    }

    private void Remove(FunctionInstance instance)
    {
        bool removed;
        lock (_lock)
        {
            removed = _instances.Remove(instance);
        }

        _server.Unregister(instance);
        if (removed && instance.HasExited)
        {
            instance.Dispose();
        }
    }

    private void StopIdleInstances()
    {
        var expired = new List<FunctionInstance>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                if (_time.GetElapsedTime(_idle[i].LastUsedTimestamp) >= _options.IdleTimeout)
                {
                    expired.Add(_idle[i]);
                    _idle.RemoveAt(i);
                    _instances.Remove(expired[^1]);
                }
            }

            foreach (var instance in expired)
            {
                _stopping.Add(StopIdleAsync(instance));
            }

            _stopping.RemoveAll(task => task.IsCompleted);
        }
    }

    private async Task StopIdleAsync(FunctionInstance instance)
    {
        var idle = _time.GetElapsedTime(instance.LastUsedTimestamp);
        await instance.StopAsync(_options.StopGracePeriod).ConfigureAwait(false);
        LocalStackLog.InstanceIdleStopped(_logger, instance.Name, instance.ProcessId, idle.TotalSeconds);
        _server.Unregister(instance);
        if (instance.HasExited)
        {
            instance.Dispose();
        }
    }

    private Dictionary<string, string> BuildEnvironment(string instanceId)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);

        // The parent's variables (PATH, HOME, DOTNET_ROOT, ...) let the runtime start, but none of its AWS settings
        // may leak in: a real profile or key would send the function to AWS instead of the local stack.
        foreach (var (name, value) in EnumerateParentEnvironment())
        {
            if (!name.StartsWith("AWS_", StringComparison.Ordinal)
                && !name.StartsWith("LAMBDA_", StringComparison.Ordinal)
                && !name.StartsWith("_X_AMZN", StringComparison.Ordinal)
                && name != "_HANDLER")
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in Function.Environment)
        {
            environment[name] = value;
        }

        var functionName = Function.LogicalId;
        var today = _time.GetUtcNow().ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_RUNTIME_API"] = $"{_options.RuntimeApiEndpoint}/{instanceId}";
        environment["AWS_LAMBDA_FUNCTION_NAME"] = functionName;
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = Function.MemorySize.ToString(CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + functionName;
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{today}/[$LATEST]{instanceId}";
        environment["AWS_LAMBDA_LOG_FORMAT"] = Function.LogFormat;
        if (Function.ApplicationLogLevel is { } level)
        {
            environment["AWS_LAMBDA_LOG_LEVEL"] = level;
        }

        environment["AWS_REGION"] = _options.Region;
        environment["AWS_DEFAULT_REGION"] = _options.Region;
        environment["LAMBDA_TASK_ROOT"] = _launch.TaskRoot;
        environment["_HANDLER"] = Function.Handler;
        environment["TZ"] = ":UTC";
        foreach (var (variable, value) in _options.Environment)
        {
            environment[variable] = value;
        }

        return environment;
    }

    private static IEnumerable<(string Name, string Value)> EnumerateParentEnvironment()
    {
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                yield return (name, value);
            }
        }
    }
}
