using System.Net.Sockets;
using static Vrrp.TestSupport.Captures.PacketSamples;

namespace Vrrp.Tests.Packets;

public sealed class CodecFuzzTests
{
    private const int Iterations = 1_000_000;

    [Fact]
    public void TryRead_OneMillionMutatedPackets_NeverThrowsNorAllocates()
    {
        // Seeds: valid packets of every kind; each iteration mutates one (bit flips, byte writes, truncation,
        // extension, garbage) into a scratch buffer and reads it under a random IP context.
        byte[][] seeds =
        [
            Version2KnownAnswer,
            Write(new VrrpAdvertisement { Version = VrrpVersion.V2, VirtualRouterId = 9, Priority = 200, AuthType = VrrpAuthType.SimpleText }, Addresses("10.1.1.1", "10.1.1.2"), VrrpIpContext.IPv4(Source4, Multicast4), auth: "pw"u8.ToArray()),
            Write(new VrrpAdvertisement { VirtualRouterId = 51, Priority = 100, AdvertIntervalCentiseconds = 50 }, Addresses("10.0.0.100", "10.0.0.101", "10.0.0.102"), VrrpIpContext.IPv4(Source4, Multicast4)),
            Write(new VrrpAdvertisement { VirtualRouterId = 51, Priority = 100, AdvertIntervalCentiseconds = 50 }, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.Message),
            Write(new VrrpAdvertisement { VirtualRouterId = 7, Priority = 255, AdvertIntervalCentiseconds = 1 }, Addresses("fe80::1", "2001:db8::1"), VrrpIpContext.IPv6(Source6, Multicast6)),
        ];
        byte[] scratch = new byte[512];
        int[] errorCounts = new int[Enum.GetValues<VrrpPacketError>().Length];
        var random = new Random(20261125);
        Read(seeds[0], random, scratch, errorCounts);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            Read(seeds[random.Next(seeds.Length)], random, scratch, errorCounts);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        errorCounts[(int)VrrpPacketError.None].Should().BeGreaterThan(0, "unmutated and harmlessly mutated packets are accepted");
        foreach (VrrpPacketError reason in new[] { VrrpPacketError.Truncated, VrrpPacketError.UnsupportedVersion, VrrpPacketError.UnknownType, VrrpPacketError.LengthMismatch, VrrpPacketError.BadChecksum, VrrpPacketError.BadTtl, VrrpPacketError.AddressFamilyMismatch })
        {
            errorCounts[(int)reason].Should().BeGreaterThan(0, $"the fuzzer reaches {reason}");
        }
    }

    [Fact]
    public void IpDatagramReader_OneMillionRandomDatagrams_NeverThrowsNorAllocates()
    {
        byte[] scratch = new byte[128];
        var random = new Random(112);
        int accepted = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            int length = random.Next(scratch.Length + 1);
            random.NextBytes(scratch.AsSpan(0, length));
            if (length > 0)
            {
                // Bias toward plausible headers so the deeper branches (options, extension headers, AH) run too.
                scratch[0] = (byte)(random.Next(2) == 0 ? 0x45 + random.Next(11) : 0x60);
            }

            if (IpDatagramReader.TryRead(scratch.AsSpan(0, length), out IpDatagram datagram))
            {
                accepted++;
                if (datagram.Payload.Length > length)
                {
                    throw new InvalidOperationException("payload longer than the datagram");
                }
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        accepted.Should().BeGreaterThan(0);
    }

    private static void Read(byte[] seed, Random random, byte[] scratch, int[] errorCounts)
    {
        int length = seed.Length;
        seed.CopyTo(scratch, 0);
        switch (random.Next(6))
        {
            case 0:
                scratch[random.Next(length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                scratch[random.Next(Math.Min(length, 8))] = (byte)random.Next(256);
                break;
            case 2:
                length = random.Next(length);
                break;
            case 3:
                int extra = random.Next(1, 40);
                random.NextBytes(scratch.AsSpan(length, extra));
                length += extra;
                break;
            case 4:
                length = random.Next(64);
                random.NextBytes(scratch.AsSpan(0, length));
                break;
            default:
                break;
        }

        bool v6 = random.Next(3) == 0;
        int ttl = random.Next(8) == 0 ? random.Next(256) : 255;
        VrrpIpContext ip = v6 ? VrrpIpContext.IPv6(Source6, Multicast6, ttl) : VrrpIpContext.IPv4(Source4, Multicast4, ttl);
        if (random.Next(10) == 0)
        {
            ip = new VrrpIpContext(v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, default, default);
        }

        if (VrrpPacketReader.TryRead(scratch.AsSpan(0, length), ip, out VrrpPacket packet, out VrrpPacketError error))
        {
            // An accepted packet must be self-consistent: every address readable, fields within range.
            int count = 0;
            foreach (ReadOnlySpan<byte> address in packet.Addresses)
            {
                count += address.Length == packet.AddressLength ? 1 : 1000;
            }

            if (count != packet.AddressCount || packet.AdvertIntervalCentiseconds == 0)
            {
                throw new InvalidOperationException("accepted an inconsistent packet");
            }
        }

        errorCounts[(int)error]++;
    }
}
