namespace Signup.DynamoDb.Tests;

/// <summary>
/// A clock that stands still until a timer is created, then jumps forward by the timer's due time and fires it.
/// Backoff delays therefore take no real time, and the clock shows how much time they would have taken.
/// </summary>
internal sealed class SteppingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan time)
    {
        lock (_lock)
        {
            _now += time;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Advance(dueTime);

            // Fired on the thread pool, because the caller may not have finished setting up when it runs.
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
