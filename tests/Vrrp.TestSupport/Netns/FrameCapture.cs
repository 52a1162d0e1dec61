using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Vrrp.TestSupport.Netns;

/// <summary>
/// Captures Ethernet frames of one EtherType on a host of the LAN with an AF_PACKET socket of its own (independent
/// of the code under test), on a background thread, with the time each frame arrived.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class FrameCapture : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly List<(TimeSpan At, byte[] Frame)> _frames = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Func<byte[], bool> _filter;
    private volatile bool _stopped;

    private FrameCapture(Socket socket, Func<byte[], bool> filter)
    {
        _socket = socket;
        _filter = filter;
        _socket.ReceiveTimeout = 100;
        _thread = new Thread(Loop) { IsBackground = true, Name = "frame capture" };
        _thread.Start();
    }

    public static FrameCapture Open(LanHost host, ushort etherType, Func<byte[], bool>? filter = null) =>
        NetworkNamespaceThread.Run(host.Namespace, () =>
            new FrameCapture(new Socket(AddressFamily.Packet, SocketType.Raw, (ProtocolType)(ushort)IPAddress.HostToNetworkOrder((short)etherType)), filter ?? (_ => true)));

    /// <summary>Gets the time since the capture started.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<(TimeSpan At, byte[] Frame)> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> frames arrived, or the timeout passed.</summary>
    public IReadOnlyList<(TimeSpan At, byte[] Frame)> WaitFor(int count, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Frames.Count < count && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(10);
        }

        return Frames;
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
    }

    private void Loop()
    {
        byte[] buffer = new byte[2048];
        while (!_stopped)
        {
            int received;
            try
            {
                received = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            byte[] frame = buffer[..received];
            if (_filter(frame))
            {
                lock (_frames)
                {
                    _frames.Add((_clock.Elapsed, frame));
                }
            }
        }
    }
}
