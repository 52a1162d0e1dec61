using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vrrp.Linux;

namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// A userspace Ethernet switch that replaces the LAN's bridge with loss and jitter, because this kernel has no
/// netem (sch_netem is neither built in nor a module). The bridge ports p1..pN leave br0; an AF_PACKET socket bound
/// to each port (opened on a thread inside the switch namespace) reads every frame that enters it, drops it with
/// probability <c>loss</c>, and otherwise floods it out of every other port after <c>delay ± jitter</c> (uniform;
/// frames may be reordered, as with netem's jitter). Real frames, real sockets on both ends: only the wire between
/// them is impaired. Dispose puts the ports back into br0.
/// </summary>
internal sealed unsafe class ImpairedSwitch : IDisposable
{
    private const int SolPacket = 263;
    private const int PacketIgnoreOutgoing = 23;
    private const ushort EthPAll = 0x0003;
    private readonly NetnsLan _lan;
    private readonly Socket[] _ports;
    private readonly List<Thread> _threads = [];
    private readonly PriorityQueue<(byte[] Frame, int Ingress), long> _pending = new();
    private readonly Random _random;
    private readonly double _loss;
    private readonly long _delayTicks;
    private readonly long _jitterTicks;
    private volatile bool _stopped;
    private long _received;
    private long _dropped;
    private long _forwarded;

    private ImpairedSwitch(NetnsLan lan, Socket[] ports, double loss, TimeSpan delay, TimeSpan jitter, int seed)
    {
        _lan = lan;
        _ports = ports;
        _loss = loss;
        _delayTicks = (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _jitterTicks = (long)(jitter.TotalSeconds * Stopwatch.Frequency);
        _random = new Random(seed);
        for (int i = 0; i < ports.Length; i++)
        {
            int port = i;
            _threads.Add(new Thread(() => Receive(port)) { IsBackground = true, Name = $"impaired switch p{port + 1}" });
        }

        _threads.Add(new Thread(Forward) { IsBackground = true, Name = "impaired switch forwarder" });
        _threads.ForEach(t => t.Start());
    }

    public long Received => Interlocked.Read(ref _received);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Takes every host port out of the bridge and switches between them in this process.</summary>
    public static ImpairedSwitch Start(NetnsLan lan, double loss, TimeSpan delay, TimeSpan jitter, int seed)
    {
        var indexes = new int[lan.Hosts.Count];
        for (int n = 1; n <= indexes.Length; n++)
        {
            string port = $"p{n}";
            lan.SwitchIp("link", "set", port, "nomaster");
            lan.SwitchIp("link", "set", port, "promisc", "on");
            string line = lan.SwitchIp("-o", "link", "show", port);
            indexes[n - 1] = int.Parse(line[..line.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        }

        Socket[] sockets = NetworkNamespaceThread.Run(lan.SwitchNamespace, () => Array.ConvertAll(indexes, OpenPort));
        return new ImpairedSwitch(lan, sockets, loss, delay, jitter, seed);
    }

    public void Dispose()
    {
        _stopped = true;
        lock (_pending)
        {
            Monitor.PulseAll(_pending);
        }

        foreach (Thread thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }

        foreach (Socket socket in _ports)
        {
            socket.Dispose();
        }

        for (int n = 1; n <= _ports.Length; n++)
        {
            _lan.SwitchIp("link", "set", $"p{n}", "master", "br0");
        }
    }

    /// <summary>An AF_PACKET socket for every protocol, bound to one port, that does not see its own sends.</summary>
    private static Socket OpenPort(int interfaceIndex)
    {
        ushort protocol = BinaryPrimitives.ReverseEndianness(EthPAll);
        var socket = new Socket(AddressFamily.Packet, SocketType.Raw, (ProtocolType)protocol);
        socket.SetRawSocketOption(SolPacket, PacketIgnoreOutgoing, BitConverter.GetBytes(1));
        socket.ReceiveTimeout = 100;

        // struct sockaddr_ll: family, protocol (network order), ifindex, then fields bind ignores.
        byte* address = stackalloc byte[20];
        new Span<byte>(address, 20).Clear();
        *(ushort*)address = (ushort)Interop.AF_PACKET;
        *(ushort*)(address + 2) = protocol;
        *(int*)(address + 4) = interfaceIndex;
        if (Interop.Bind(socket.SafeHandle, address, 20) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            socket.Dispose();
            throw new IOException($"bind(AF_PACKET, ifindex {interfaceIndex}) failed: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        return socket;
    }

    private void Receive(int port)
    {
        byte[] buffer = new byte[65536];
        while (!_stopped)
        {
            int length;
            try
            {
                length = _ports[port].Receive(buffer);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _received);
            lock (_pending)
            {
                if (_random.NextDouble() < _loss)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                long jitter = (long)((_random.NextDouble() * 2 - 1) * _jitterTicks);
                _pending.Enqueue((buffer[..length], port), Stopwatch.GetTimestamp() + Math.Max(0, _delayTicks + jitter));
                Monitor.Pulse(_pending);
            }
        }
    }

    private void Forward()
    {
        while (!_stopped)
        {
            (byte[] Frame, int Ingress) item;
            lock (_pending)
            {
                if (!_pending.TryPeek(out item, out long due))
                {
                    Monitor.Wait(_pending, 100);
                    continue;
                }

                long wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    Monitor.Wait(_pending, TimeSpan.FromSeconds(Math.Max(wait, Stopwatch.Frequency / 1000) / (double)Stopwatch.Frequency));
                    continue;
                }

                _pending.Dequeue();
            }

            for (int port = 0; port < _ports.Length; port++)
            {
                if (port != item.Ingress)
                {
                    try
                    {
                        _ports[port].Send(item.Frame);
                        Interlocked.Increment(ref _forwarded);
                    }
                    catch (SocketException)
                    {
                        // A port whose host side is down: the frame is lost, as on a real switch.
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            }
        }
    }
}
