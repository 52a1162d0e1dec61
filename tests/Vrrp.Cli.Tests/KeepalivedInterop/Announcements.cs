using System.Net.NetworkInformation;

namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>Recognises gratuitous ARPs and unsolicited neighbour advertisements in frames captured on the observer.</summary>
internal static class Announcements
{
    public const ushort ArpEtherType = 0x0806;
    public const ushort IPv6EtherType = 0x86DD;

    /// <summary>An ARP whose sender and target protocol addresses are equal: a gratuitous ARP.</summary>
    public static bool IsGratuitousArp(byte[] frame) => frame.Length >= 42 && frame.AsSpan(28, 4).SequenceEqual(frame.AsSpan(38, 4));

    /// <summary>An ICMPv6 neighbour advertisement right after the IPv6 header (what both implementations send).</summary>
    public static bool IsNeighborAdvertisement(byte[] frame) => frame.Length >= 78 && frame[20] == 58 && frame[54] == 136;

    /// <summary>Waits for the first captured announcement from <paramref name="mac"/> at or after <paramref name="after"/>.</summary>
    /// <returns>When it arrived on the capture's clock, or null on timeout.</returns>
    public static TimeSpan? WaitForFirst(FrameCapture capture, PhysicalAddress mac, TimeSpan after, TimeSpan timeout)
    {
        byte[] source = mac.GetAddressBytes();
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            IReadOnlyList<(TimeSpan At, byte[] Frame)> frames = capture.Frames;
            foreach ((TimeSpan at, byte[] frame) in frames)
            {
                if (at >= after && frame.AsSpan(6, 6).SequenceEqual(source))
                {
                    return at;
                }
            }

            if (Environment.TickCount64 > deadline)
            {
                return null;
            }

            Thread.Sleep(5);
        }
    }
}
