namespace Signup.Reliability.Tests.Support;

/// <summary>
/// Samples the function pool every few milliseconds while a test runs and keeps the highest numbers of processes and
/// of busy processes, to show the concurrency that the stack held.
/// </summary>
public sealed class PoolSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    private readonly ReliabilityStack _stack;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _maxProcesses;
    private int _maxBusy;

    public PoolSampler(ReliabilityStack stack)
    {
        _stack = stack;
        _loop = Task.Run(SampleAsync);
    }

    /// <summary>Stops sampling and returns the pool's limit and the highest counts seen.</summary>
    public async Task<(int MaxConcurrency, int MaxProcesses, int MaxBusy)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var status = _stack.Stack.GetFunctionStatus(ReliabilityStack.FunctionName);
        return (status.MaxConcurrency, _maxProcesses, _maxBusy);
    }

    public void Dispose() => _stop.Dispose();

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var status = _stack.Stack.GetFunctionStatus(ReliabilityStack.FunctionName);
            _maxProcesses = Math.Max(_maxProcesses, status.ProcessIds.Count);
            _maxBusy = Math.Max(_maxBusy, status.ProcessIds.Count - status.IdleCount);
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
