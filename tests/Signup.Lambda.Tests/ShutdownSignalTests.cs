using System.Diagnostics;
using System.Globalization;

namespace Signup.Lambda.Tests;

public sealed class ShutdownSignalTests
{
    [Fact]
    public async Task Token_Sigterm_IsCancelled()
    {
        using var signal = new ShutdownSignal();
        using var cancelled = new SemaphoreSlim(0);
        using var registration = signal.Token.Register(() => cancelled.Release());

        // Exactly one SIGTERM: the handler cancels its default action, which would end the test process.
        var processId = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using (var kill = Process.Start("kill", ["-TERM", processId]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, kill.ExitCode);
        }

        Assert.True(await cancelled.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.True(signal.Token.IsCancellationRequested);
    }

    [Fact]
    public void Token_NoSignal_IsNotCancelled()
    {
        using var signal = new ShutdownSignal();

        Assert.False(signal.Token.IsCancellationRequested);
    }
}
