using System.Net;
using BenchmarkDotNet.Attributes;
using Vrrp.Packets;

namespace Vrrp.Benchmarks.Packets;

/// <summary>
/// Encode and decode+validate of the advertisements a router sends and receives every advert interval. The CI gate
/// (<c>.ci/run</c>) fails when any of these allocates.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly byte[] _buffer = new byte[1500];
    private readonly byte[] _source4 = IPAddress.Parse("10.0.0.2").GetAddressBytes();
    private readonly byte[] _group4 = IPAddress.Parse("224.0.0.18").GetAddressBytes();
    private readonly byte[] _source6 = IPAddress.Parse("fe80::2").GetAddressBytes();
    private readonly byte[] _group6 = IPAddress.Parse("ff02::12").GetAddressBytes();
    private readonly byte[] _password = "1111"u8.ToArray();
    private byte[] _oneVip4 = [];
    private byte[] _twentyVips4 = [];
    private byte[] _oneVip6 = [];
    private byte[] _v2Message = [];
    private byte[] _v3OneMessage = [];
    private byte[] _v3TwentyMessage = [];
    private byte[] _v3Ipv6Message = [];
    private VrrpAdvertisement _v2;
    private VrrpAdvertisement _v3;

    [GlobalSetup]
    public void Setup()
    {
        _oneVip4 = IPAddress.Parse("192.168.1.100").GetAddressBytes();
        _twentyVips4 = new byte[20 * 4];
        for (int i = 0; i < 20; i++)
        {
            IPAddress.Parse($"192.168.1.{100 + i}").GetAddressBytes().CopyTo(_twentyVips4, i * 4);
        }

        _oneVip6 = IPAddress.Parse("2001:db8::100").GetAddressBytes();
        _v2 = new VrrpAdvertisement { Version = VrrpVersion.V2, VirtualRouterId = 51, Priority = 100, AuthType = VrrpAuthType.SimpleText };
        _v3 = new VrrpAdvertisement { VirtualRouterId = 51, Priority = 100, AdvertIntervalCentiseconds = 10 };
        _v2Message = Copy(EncodeV2IPv4OneVip());
        _v3OneMessage = Copy(EncodeV3IPv4OneVip());
        _v3TwentyMessage = Copy(EncodeV3IPv4TwentyVips());
        _v3Ipv6Message = Copy(EncodeV3IPv6OneVip());
    }

    [Benchmark]
    public int EncodeV2IPv4OneVip()
    {
        VrrpPacketWriter.TryWrite(_buffer, _v2, _oneVip4, _password, VrrpIpContext.IPv4(_source4, _group4), VrrpChecksumForm.Message, out int written);
        return written;
    }

    [Benchmark]
    public int EncodeV3IPv4OneVip()
    {
        // Written out in each benchmark, not through a shared helper: the extra call costs ~10 ns here and hid the codec's own time.
        VrrpPacketWriter.TryWrite(_buffer, _v3, _oneVip4, VrrpIpContext.IPv4(_source4, _group4), out int written);
        return written;
    }

    [Benchmark]
    public int EncodeV3IPv4TwentyVips()
    {
        // Written out in each benchmark, not through a shared helper: the extra call costs ~10 ns here and hid the codec's own time.
        VrrpPacketWriter.TryWrite(_buffer, _v3, _twentyVips4, VrrpIpContext.IPv4(_source4, _group4), out int written);
        return written;
    }

    [Benchmark]
    public int EncodeV3IPv6OneVip()
    {
        // Written out in each benchmark, not through a shared helper: the extra call costs ~10 ns here and hid the codec's own time.
        VrrpPacketWriter.TryWrite(_buffer, _v3, _oneVip6, VrrpIpContext.IPv6(_source6, _group6), out int written);
        return written;
    }

    [Benchmark]
    public int DecodeV2IPv4OneVip() => Decode(_v2Message, VrrpIpContext.IPv4(_source4, _group4, 255));

    [Benchmark]
    public int DecodeV3IPv4OneVip() => Decode(_v3OneMessage, VrrpIpContext.IPv4(_source4, _group4, 255));

    [Benchmark]
    public int DecodeV3IPv4TwentyVips() => Decode(_v3TwentyMessage, VrrpIpContext.IPv4(_source4, _group4, 255));

    [Benchmark]
    public int DecodeV3IPv6OneVip() => Decode(_v3Ipv6Message, VrrpIpContext.IPv6(_source6, _group6, 255));

    private static int Decode(byte[] message, in VrrpIpContext ip) =>
        VrrpPacketReader.TryRead(message, ip, out VrrpPacket packet, out _) ? packet.Priority : -1;

    private byte[] Copy(int length) => _buffer.AsSpan(0, length).ToArray();
}
