using System.Runtime.InteropServices;

namespace Signup.Lambda;

/// <summary>
/// Turns SIGTERM and SIGINT into a cancellation token, so that <see cref="LambdaBootstrap"/> can stop
/// cleanly. Lambda sends SIGTERM before it shuts an execution environment down, and Ctrl-C sends SIGINT.
/// The first signal only cancels <see cref="Token"/>; a second one gets the default action and ends the
/// process, so a stuck process can still be stopped.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _terminate;
    private readonly PosixSignalRegistration _interrupt;

    /// <summary>Registers handlers for SIGTERM and SIGINT until <see cref="Dispose"/>.</summary>
    public ShutdownSignal()
    {
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    /// <summary>Token cancelled by the first SIGTERM or SIGINT.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _terminate.Dispose();
        _interrupt.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        _source.Cancel();
    }
}
