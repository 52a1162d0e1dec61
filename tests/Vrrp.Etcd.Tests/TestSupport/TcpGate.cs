using System.Net.Sockets;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// A TCP relay between one candidate and one etcd member that can be closed like a partition: while
/// <see cref="Blocked"/>, bytes are held in both directions (nothing reaches the other side, nothing is refused), and
/// they flow again when it opens, as TCP would after a healed link.
/// </summary>
internal sealed class TcpGate : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _connections = [];
    private volatile bool _blocked;
    private int _accepted;

    /// <summary>Listens on loopback, in <paramref name="networkNamespace"/> when given (a host of a namespace LAN), and relays to the member's port on this process's loopback.</summary>
    public TcpGate(int targetPort, string? networkNamespace = null)
    {
        _target = targetPort;
        _listener = networkNamespace is null || !OperatingSystem.IsLinux() ? Listen() : NetworkNamespaceThread.Run(networkNamespace, Listen);
        _ = AcceptAsync();
    }

    /// <summary>Gets the URL a candidate uses instead of the member's.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Gets how many connections the candidate opened through this gate.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Gets or sets whether the link is cut.</summary>
    public bool Blocked
    {
        get => _blocked;
        set => _blocked = value;
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            foreach (TcpClient connection in _connections)
            {
                connection.Dispose();
            }
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                TcpClient inbound = await _listener.AcceptTcpClientAsync(_stopping.Token);
                Interlocked.Increment(ref _accepted);
                var outbound = new TcpClient();
                lock (_connections)
                {
                    _connections.Add(inbound);
                    _connections.Add(outbound);
                }

                _ = RelayAsync(inbound, outbound);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task RelayAsync(TcpClient inbound, TcpClient outbound)
    {
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stopping.Token);
            await Task.WhenAny(PumpAsync(inbound.GetStream(), outbound.GetStream()), PumpAsync(outbound.GetStream(), inbound.GetStream()));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        byte[] buffer = new byte[16384];
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer, _stopping.Token);
                if (read == 0)
                {
                    return;
                }

                while (_blocked)
                {
                    await Task.Delay(5, _stopping.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
    }
}
