using System.Diagnostics;
using System.Threading.Channels;
using Signup.Local.Template;

namespace Signup.Local.Runtime;

/// <summary>
/// One process of a function, the local counterpart of a Lambda execution environment. It receives one event at a
/// time through the Runtime API; <see cref="FunctionPool"/> decides which event and when.
/// </summary>
internal sealed class FunctionInstance : IDisposable
{
    private readonly Channel<PendingInvocation> _inbox = Channel.CreateUnbounded<PendingInvocation>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly Process _process;
    private readonly TimeProvider _time;
    private readonly Action<string> _writeLine;
    private readonly Action<FunctionInstance> _onExited;
    private readonly long _startTimestamp;
    private PendingInvocation? _current;
    private int _polled;
    private volatile bool _retired;

    private FunctionInstance(
        string id,
        int ordinal,
        FunctionDefinition function,
        Process process,
        Action<string> writeLine,
        TimeProvider time,
        Action<FunctionInstance> onExited)
    {
        Id = id;
        Ordinal = ordinal;
        Function = function;
        _process = process;
        _writeLine = writeLine;
        _time = time;
        _onExited = onExited;
        _startTimestamp = time.GetTimestamp();
        LastUsedTimestamp = _startTimestamp;
    }

    /// <summary>Path segment that identifies this process in Runtime API requests.</summary>
    public string Id { get; }

    /// <summary>Number of the instance within its function, counted from 1, for the console.</summary>
    public int Ordinal { get; }

    public FunctionDefinition Function { get; }

    public string Name => $"{Function.LogicalId}#{Ordinal}";

    public int ProcessId { get; private set; }

    /// <summary>Whether the process has asked for its first event, which ends its init phase.</summary>
    public bool IsInitialized => Volatile.Read(ref _polled) == 1;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Whether the instance must not get another event: it was killed, failed to init, or is stopping.</summary>
    public bool IsRetired => _retired;

    /// <summary>
    /// Asks the operating system whether the process is gone. <see cref="HasExited"/> follows the
    /// <see cref="Process.Exited"/> event, which can arrive after a killed process was already handed an event.
    /// </summary>
    public bool HasProcessExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                // The process was never started or is already disposed.
                return true;
            }
        }
    }

    /// <summary>Exit code once the process has exited.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Time of the last completed invocation, from <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public long LastUsedTimestamp { get; set; }

    /// <summary>
    /// Prepares a process with <paramref name="environment"/> as its whole environment; <see cref="Start"/> runs it.
    /// </summary>
    public static FunctionInstance Create(
        string id,
        int ordinal,
        FunctionDefinition function,
        FunctionLaunch launch,
        IReadOnlyDictionary<string, string> environment,
        Action<string> writeLine,
        TimeProvider time,
        Action<FunctionInstance> onExited)
    {
        var startInfo = new ProcessStartInfo(launch.FileName)
        {
            WorkingDirectory = launch.TaskRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in launch.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var instance = new FunctionInstance(id, ordinal, function, process, writeLine, time, onExited);
        process.OutputDataReceived += (_, line) => instance.Forward(line.Data);
        process.ErrorDataReceived += (_, line) => instance.Forward(line.Data);
        process.Exited += (_, _) => instance.OnExited();
        return instance;
    }

    /// <summary>Starts the process.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The executable cannot be started.</exception>
    public void Start()
    {
        _process.Start();
        ProcessId = _process.Id;
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public void Enqueue(PendingInvocation invocation) => _inbox.Writer.TryWrite(invocation);

    /// <summary>
    /// Records a <c>next</c> request. Returns the init duration (spawn to first <c>next</c>) on the first call, and
    /// null on later ones.
    /// </summary>
    public TimeSpan? MarkPolled() =>
        Interlocked.Exchange(ref _polled, 1) == 0 ? _time.GetElapsedTime(_startTimestamp) : null;

    /// <summary>Waits for the next event and hands it to the process, which starts its timeout.</summary>
    public async ValueTask<PendingInvocation> TakeNextAsync(CancellationToken cancellationToken)
    {
        var invocation = await _inbox.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _current = invocation;
        }

        invocation.MarkDelivered(_time.GetUtcNow() + Function.Timeout);
        return invocation;
    }

    /// <summary>
    /// Completes the event in flight with <paramref name="result"/>; false when <paramref name="requestId"/> is not
    /// the event in flight, for example because it already timed out.
    /// </summary>
    public bool TryComplete(string requestId, InvocationResult result)
    {
        PendingInvocation? invocation;
        lock (_lock)
        {
            invocation = _current;
            if (invocation is null || !string.Equals(invocation.RequestId, requestId, StringComparison.Ordinal))
            {
                return false;
            }

            _current = null;
        }

        return invocation.TryComplete(result);
    }

    /// <summary>Fails the event in flight and the queued ones with an init error, and retires the instance.</summary>
    public void FailInitialization(string errorType)
    {
        _retired = true;
        FailAll(InvocationResult.Failure(InvocationOutcome.InitFailed, errorType));
    }

    /// <summary>Kills the process and every process it started.</summary>
    public void Kill()
    {
        _retired = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // The process has already exited.
        }
    }

    /// <summary>Sends SIGTERM, then kills the process tree if it is still running after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _retired = true;
        if (HasExited)
        {
            return;
        }

        if (ProcessSignals.TryTerminate(_process))
        {
            try
            {
                await _exited.Task.WaitAsync(grace, _time).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
                // Fall through to SIGKILL: the runtime did not stop in time.
            }
        }

        Kill();
        try
        {
            await _exited.Task.WaitAsync(grace, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // SIGKILL cannot be ignored; the exit is only late to be reported.
        }
    }

    public void Dispose() => _process.Dispose();

    private void FailAll(InvocationResult result)
    {
        PendingInvocation? current;
        lock (_lock)
        {
            current = _current;
            _current = null;
        }

        current?.TryComplete(result);
        while (_inbox.Reader.TryRead(out var queued))
        {
            queued.TryComplete(result);
        }
    }

    private void OnExited()
    {
        _retired = true;
        try
        {
            ExitCode = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            ExitCode = -1;
        }

        // Lambda reports a runtime that exits mid-invocation as Runtime.ExitError.
        FailAll(InvocationResult.Failure(InvocationOutcome.Crashed, "Runtime.ExitError"));
        _exited.TrySetResult();
        _onExited(this);
    }

    private void Forward(string? line)
    {
        if (line is not null)
        {
            _writeLine($"[{Name}] {line}");
        }
    }
}
