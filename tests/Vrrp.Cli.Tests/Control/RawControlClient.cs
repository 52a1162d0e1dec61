using System.Net.Sockets;
using System.Text;

namespace Vrrp.Cli.Tests.Control;

/// <summary>A client that sends whatever bytes a test wants and reads reply lines with a time limit.</summary>
internal sealed class RawControlClient : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly List<byte> _pending = [];

    public RawControlClient(string path) => _socket.Connect(new UnixDomainSocketEndPoint(path));

    public void Send(string text) => _socket.Send(Encoding.UTF8.GetBytes(text));

    public void Send(byte[] bytes) => _socket.Send(bytes);

    /// <summary>Reads one line, or null when the server closed the connection (or reset it after its last line).</summary>
    public string? ReadLine()
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(s_timeout);
        while (true)
        {
            int newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                string line = Encoding.UTF8.GetString([.. _pending.Take(newline)]);
                _pending.RemoveRange(0, newline + 1);
                return line;
            }

            int read;
            try
            {
                read = _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    public void Dispose() => _socket.Dispose();
}
