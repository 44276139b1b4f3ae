using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Signup.Reliability.Tests.Support;

/// <summary>
/// A TCP proxy on 127.0.0.1 that forwards every connection to a port of 127.0.0.1 and delays each chunk the client
/// sends by <see cref="Delay"/> before forwarding it. Responses pass without delay. With a delay, a database behind
/// it looks slow to every client that connects through it. With <see cref="RejectsConnections"/> set, it looks down.
/// </summary>
public sealed class DelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly HashSet<CancellationTokenSource> _open = [];
    private readonly Lock _lock = new();
    private readonly Task _acceptLoop;
    private long _delayTicks;
    private int _connectionCount;
    private long _delayedChunks;
    private string? _onlyChunksContaining;
    private volatile bool _rejectsConnections;

    /// <summary>Starts listening on a free port and forwarding to <paramref name="targetPort"/>.</summary>
    public DelayProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The proxy's URL, such as http://127.0.0.1:40123.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    /// <summary>How long each chunk from a client waits before it is forwarded; applies to chunks read after it is set.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>
    /// When set, only chunks that contain this ASCII text are delayed, such as a DynamoDB operation name from the
    /// <c>X-Amz-Target</c> header. Later chunks of the same connection still queue behind a held one.
    /// </summary>
    public string? OnlyChunksContaining
    {
        get => Volatile.Read(ref _onlyChunksContaining);
        set => Volatile.Write(ref _onlyChunksContaining, value);
    }

    /// <summary>
    /// When true, the proxy closes every open connection and closes each new one as soon as it is accepted, so clients
    /// see the database as unreachable while the database itself keeps running.
    /// </summary>
    public bool RejectsConnections
    {
        get => _rejectsConnections;
        set
        {
            _rejectsConnections = value;
            if (value)
            {
                lock (_lock)
                {
                    foreach (var connection in _open)
                    {
                        connection.Cancel();
                    }
                }
            }
        }
    }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Chunks from clients that were held for a delay longer than zero.</summary>
    public long DelayedChunks => Interlocked.Read(ref _delayedChunks);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        Task[] connections;
        lock (_lock)
        {
            connections = [.. _connections, _acceptLoop];
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionCount);
            if (_rejectsConnections)
            {
                client.Dispose();
                continue;
            }

            lock (_lock)
            {
                _connections.RemoveAll(task => task.IsCompleted);
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        using (var connection = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            lock (_lock)
            {
                _open.Add(connection);
            }

            // RejectsConnections may have been set between the accept and the line above.
            if (_rejectsConnections)
            {
                await connection.CancelAsync().ConfigureAwait(false);
            }

            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, connection.Token).ConfigureAwait(false);
                var clientStream = client.GetStream();
                var upstreamStream = upstream.GetStream();

                // When either direction ends, the other is cancelled, and both sockets close.
                await Task.WhenAny(
                        PumpAsync(clientStream, upstreamStream, delayed: true, connection.Token),
                        PumpAsync(upstreamStream, clientStream, delayed: false, connection.Token))
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                // The target is down or a side closed: the client sees its connection close, as with a real network.
            }
            finally
            {
                lock (_lock)
                {
                    _open.Remove(connection);
                }

                await connection.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private bool Matches(ReadOnlySpan<byte> chunk) =>
        OnlyChunksContaining is not { } text || chunk.IndexOf(System.Text.Encoding.ASCII.GetBytes(text)) >= 0;

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool delayed, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (delayed && Delay > TimeSpan.Zero && Matches(buffer.AsSpan(0, read)))
                {
                    Interlocked.Increment(ref _delayedChunks);
                    await Task.Delay(Delay, cancellationToken).ConfigureAwait(false);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // One side closed or the proxy stops.
        }
    }
}
