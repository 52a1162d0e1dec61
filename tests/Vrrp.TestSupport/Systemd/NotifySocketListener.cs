using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;

namespace Vrrp.TestSupport.Systemd;

/// <summary>
/// Plays systemd's side of the notify protocol: an AF_UNIX datagram socket bound in a directory of the test's,
/// whose path goes in <c>NOTIFY_SOCKET</c> (for a child process) or into <see cref="CreateNotifier"/> (in process, so
/// tests running in parallel never share the process environment). Every datagram received is kept, in order.
/// </summary>
internal sealed class NotifySocketListener : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<string> _datagrams = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public NotifySocketListener(TempDirectory directory)
    {
        Path = directory.Combine("notify.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receiving = ReceiveAsync();
    }

    /// <summary>Gets the socket's path, the value of <c>NOTIFY_SOCKET</c>.</summary>
    public string Path { get; }

    /// <summary>Gets a copy of the datagrams received so far, oldest first.</summary>
    public IReadOnlyList<string> Datagrams
    {
        get
        {
            lock (_lock)
            {
                return [.. _datagrams];
            }
        }
    }

    /// <summary>Gets every <c>NAME=value</c> line received so far, in order, datagrams flattened.</summary>
    public IReadOnlyList<string> Lines => [.. Datagrams.SelectMany(d => d.Split('\n', StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>Gets the lines other than <c>WATCHDOG=1</c> and <c>STATUS=</c>: the state sequence a test asserts.</summary>
    public IReadOnlyList<string> States => [.. Lines.Where(l => l != "WATCHDOG=1" && !l.StartsWith("STATUS=", StringComparison.Ordinal)).Select(l => l.StartsWith("MONOTONIC_USEC=", StringComparison.Ordinal) ? "MONOTONIC_USEC" : l)];

    /// <summary>Gets how many <c>WATCHDOG=1</c> pings arrived.</summary>
    public int WatchdogPings => Lines.Count(l => l == "WATCHDOG=1");

    /// <summary>Gets the value of the last <c>STATUS=</c> received, or null.</summary>
    public string? LastStatus => Lines.LastOrDefault(l => l.StartsWith("STATUS=", StringComparison.Ordinal))?["STATUS=".Length..];

    /// <summary>Creates an <see cref="ISystemdNotifier"/> that sends to this socket, for an in-process host.</summary>
    public ISystemdNotifier CreateNotifier() => new Sender(Path);

    /// <summary>Waits (real time) until the received lines satisfy a condition.</summary>
    public async Task WaitForAsync(Func<NotifySocketListener, bool> condition, TimeSpan? timeout = null)
    {
        long deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        while (!condition(this))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"systemd notify: the condition did not hold in time; received: {string.Join(" | ", Datagrams).ReplaceLineEndings("\\n")}");
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        byte[] buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            lock (_lock)
            {
                _datagrams.Add(Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
    }

    /// <summary>What Microsoft.Extensions.Hosting.Systemd's SystemdNotifier does, to a path given here instead of the environment.</summary>
    private sealed class Sender(string path) : ISystemdNotifier
    {
        public bool IsEnabled => true;

        public void Notify(ServiceState state)
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(state.ToString()));
        }
    }
}
