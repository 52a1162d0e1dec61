using System.Net.Sockets;
using System.Runtime.Versioning;
using Vrrp.Linux;

namespace Vrrp.Cli.Control;

/// <summary>
/// The control socket of <c>vrrp run</c>: an AF_UNIX stream socket with one line-delimited JSON request per line
/// (<see cref="ControlConnection"/>). Only root, the daemon's user and the configured group get in
/// (<see cref="ControlAuthorization"/>); at most <see cref="ControlSocketOptions.MaxClients"/> at once. A stale socket
/// file of a crashed daemon is replaced; a live daemon on the path is refused; the file is removed on dispose.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ControlSocketServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly ControlSocketOptions _options;
    private readonly IControlTarget _target;
    private readonly Func<PeerCredentials, string?> _refusalOf;
    private readonly TextWriter? _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _clients = [];
    private readonly Task _acceptLoop;
    private int _disposed;
    private int _active;

    private ControlSocketServer(Socket listener, ControlSocketOptions options, IControlTarget target, Func<PeerCredentials, string?> refusalOf, TextWriter? log)
    {
        _listener = listener;
        _options = options;
        _target = target;
        _refusalOf = refusalOf;
        _log = log;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string Path => _options.Path;

    /// <summary>Gets the number of clients connected now.</summary>
    public int ClientCount => Volatile.Read(ref _active);

    /// <summary>
    /// Creates the socket (and its directory), sets its mode and group, and starts accepting clients that
    /// <paramref name="authorization"/> allows. Throws <see cref="ControlSocketException"/> with a one-line reason when it cannot.
    /// </summary>
    public static ControlSocketServer Start(ControlSocketOptions options, IControlTarget target, ControlAuthorization authorization, TextWriter? log) =>
        Start(options, target, peer => authorization.IsAllowed(peer, out string? refusal) ? null : refusal, log);

    /// <summary>Creates the socket; <paramref name="refusalOf"/> returns why a peer is refused, or null to serve it.</summary>
    internal static ControlSocketServer Start(ControlSocketOptions options, IControlTarget target, Func<PeerCredentials, string?> refusalOf, TextWriter? log)
    {
        string path = options.Path;
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        try
        {
            if (directory is not null && !Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            RemoveStaleSocket(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ControlSocketException($"control socket {path}: {ex.Message}", ex);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (options.GroupId is { } group)
            {
                LinuxFileOwnership.SetGroup(path, group);
                mode |= UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
            }

            File.SetUnixFileMode(path, mode);
            listener.Listen(options.MaxClients);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            listener.Dispose();
            TryDelete(path);
            throw new ControlSocketException($"control socket {path}: {ex.Message}", ex);
        }

        return new ControlSocketServer(listener, options, target, refusalOf, log);
    }

    /// <summary>Stops accepting, closes every client, waits for them, and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Task[] clients;
        lock (_lock)
        {
            clients = [.. _clients];
        }

        await Task.WhenAll([_acceptLoop, .. clients]).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        TryDelete(_options.Path);
        _stopping.Dispose();
    }

    private static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // A daemon that answers owns the path; a refused connection is the file of a daemon that died.
            probe.ConnectAsync(new UnixDomainSocketEndPoint(path)).WaitAsync(TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return;
        }
        catch (TimeoutException)
        {
        }
        catch (SocketException ex)
        {
            throw new ControlSocketException($"control socket {path}: exists and cannot be checked ({ex.Message})", ex);
        }

        throw new ControlSocketException($"control socket {path}: another vrrp daemon answers on it (stop it, or give this one another --control-socket)");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // EMFILE and the like: report, breathe, go on; the daemon never stops for the control socket.
                _log?.WriteLine($"vrrp run: control socket {Path}: accept: {ex.Message}");
                await Task.Delay(100, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            bool overLimit = Interlocked.Increment(ref _active) > _options.MaxClients;
            Track(ServeAsync(client, overLimit, stopping));
        }
    }

    private void Track(Task client)
    {
        lock (_lock)
        {
            _clients.Add(client);
        }

        _ = client.ContinueWith(
            done =>
            {
                lock (_lock)
                {
                    _clients.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task ServeAsync(Socket client, bool overLimit, CancellationToken stopping)
    {
        try
        {
            await Task.Yield();
            await ServeAllowedAsync(client, overLimit, stopping).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private async Task ServeAllowedAsync(Socket client, bool overLimit, CancellationToken stopping)
    {
        var connection = new ControlConnection(client, _target, _options);
        await using (connection.ConfigureAwait(false))
        {
            string? refusal;
            try
            {
                refusal = _refusalOf(PeerCredentials.Of(client));
            }
            catch (SocketException ex)
            {
                refusal = $"cannot read the peer's credentials ({ex.Message})";
            }

            if (refusal is null && overLimit)
            {
                refusal = $"too many clients (at most {_options.MaxClients} at once); try again later";
            }

            if (refusal is not null)
            {
                await connection.RefuseAsync(refusal, stopping).ConfigureAwait(false);
                return;
            }

            try
            {
                await connection.RunAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A client can only lose its own connection.
                _log?.WriteLine($"vrrp run: control socket {Path}: client dropped: {ex.Message}");
            }
        }
    }
}
