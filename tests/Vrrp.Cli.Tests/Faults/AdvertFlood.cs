using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Vrrp.Linux;
using Vrrp.Packets;

namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// Sends VRRP packets (IP protocol 112 to 224.0.0.18, TTL 255, as a router would) from a host of the LAN at a fixed
/// rate, round robin over the given payloads, on a thread of its own that entered the host's network namespace so
/// its raw socket lives there. The payloads are built with the project's own <see cref="VrrpPacketWriter"/>.
/// </summary>
internal sealed class AdvertFlood : IDisposable
{
    private static readonly IPAddress s_vrrpGroup = IPAddress.Parse("224.0.0.18");
    private readonly LanHost _host;
    private readonly IReadOnlyList<byte[]> _payloads;
    private readonly int _perSecond;
    private readonly Thread _thread;
    private volatile bool _stopped;
    private long _sent;
    private Exception? _failure;

    private AdvertFlood(LanHost host, IReadOnlyList<byte[]> payloads, int perSecond)
    {
        _host = host;
        _payloads = payloads;
        _perSecond = perSecond;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"advert flood from {host.Namespace}" };
        _thread.Start();
    }

    /// <summary>Gets how many packets were sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public static AdvertFlood Start(LanHost host, IReadOnlyList<byte[]> payloads, int perSecond) => new(host, payloads, perSecond);

    /// <summary>A valid VRRPv3 advertisement from <paramref name="source"/> for the VRID, with a correct pseudo-header checksum.</summary>
    public static byte[] Advertisement(IPAddress source, byte virtualRouterId, byte priority, IPAddress vip, ushort intervalCentiseconds = 10)
    {
        var advertisement = new VrrpAdvertisement
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = virtualRouterId,
            Priority = priority,
            AdvertIntervalCentiseconds = intervalCentiseconds,
            AddressCount = 1,
        };
        byte[] buffer = new byte[VrrpPacketWriter.GetMessageLength(VrrpVersion.V3, AddressFamily.InterNetwork, 1)];
        var ip = new VrrpIpContext(AddressFamily.InterNetwork, source.GetAddressBytes(), s_vrrpGroup.GetAddressBytes());
        if (!VrrpPacketWriter.TryWrite(buffer, advertisement, vip.GetAddressBytes(), ip, out int written) || written != buffer.Length)
        {
            throw new InvalidOperationException("the advertisement does not fit");
        }

        return buffer;
    }

    /// <summary>The same advertisement with one checksum bit flipped.</summary>
    public static byte[] WithBadChecksum(byte[] advertisement)
    {
        byte[] copy = (byte[])advertisement.Clone();
        copy[7] ^= 0x01;
        return copy;
    }

    /// <summary>The first <paramref name="length"/> bytes only.</summary>
    public static byte[] Truncated(byte[] advertisement, int length) => advertisement[..length];

    /// <summary>The same advertisement claiming VRRP version <paramref name="version"/>.</summary>
    public static byte[] WithVersion(byte[] advertisement, int version)
    {
        byte[] copy = (byte[])advertisement.Clone();
        copy[0] = (byte)((version << 4) | (copy[0] & 0x0F));
        return copy;
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join(TimeSpan.FromSeconds(5));
        if (_failure is { } failure)
        {
            throw new InvalidOperationException($"the flood from {_host.Namespace} failed", failure);
        }
    }

    private void Loop()
    {
        try
        {
            using (SafeFileHandle handle = File.OpenHandle($"/run/netns/{_host.Namespace}"))
            {
                if (Interop.SetNs(handle, Interop.CLONE_NEWNET) != 0)
                {
                    throw new IOException($"setns({_host.Namespace}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                }
            }

            // .NET does not map protocol 112 itself: open the raw socket with socket(2) and hand it over.
            int fd = Interop.Socket(Interop.AF_INET, Interop.SOCK_RAW | Interop.SOCK_CLOEXEC, Interop.IPPROTO_VRRP);
            if (fd < 0)
            {
                throw new IOException($"socket(AF_INET, SOCK_RAW, 112) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            using var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, _host.IPv4.GetAddressBytes());
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
            var destination = new IPEndPoint(s_vrrpGroup, 0);
            var clock = Stopwatch.StartNew();
            long index = 0;
            while (!_stopped)
            {
                // Catch up to the rate every millisecond: sends come in small bursts, as from a busy sender.
                long due = (long)(clock.Elapsed.TotalSeconds * _perSecond);
                while (index < due && !_stopped)
                {
                    socket.SendTo(_payloads[(int)(index % _payloads.Count)], destination);
                    index++;
                    Interlocked.Increment(ref _sent);
                }

                Thread.Sleep(1);
            }
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
    }
}
