using System.Text.Json;
using Vrrp.Packets;
using Vrrp.TestSupport.Captures;
using static Vrrp.TestSupport.Captures.PacketSamples;

namespace Vrrp.Cli.Tests.Decode;

[Collection(InProcessCommands.Name)]
public sealed class DecodeCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vrrp-decode-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Run_Version2PassJson_PrintsExactlyTheDocumentedFields()
    {
        var advert = new VrrpAdvertisement { Version = VrrpVersion.V2, VirtualRouterId = 51, Priority = 100, AuthType = VrrpAuthType.SimpleText };
        byte[] message = Write(advert, Addresses("192.168.1.100"), VrrpIpContext.IPv4(Source4, Multicast4), auth: "1111"u8.ToArray());
        string file = Save(CaptureBuilder.Pcap(1, [CaptureBuilder.Ethernet(CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, message))]));

        (int exit, string output, string error) = Decode(file, json: true);

        exit.Should().Be(ExitCodes.Success);
        error.Should().BeEmpty();
        JsonElement line = ParseLines(output).Single();
        line.EnumerateObject().Select(p => p.Name).Should().Equal(
            "src", "dst", "ttl", "version", "type", "vrid", "priority", "addressCount", "advertInterval", "checksum", "checksumValid", "addresses", "authType", "authString");
        line.GetProperty("src").GetString().Should().Be("10.0.0.2");
        line.GetProperty("dst").GetString().Should().Be("224.0.0.18");
        line.GetProperty("ttl").GetInt32().Should().Be(255);
        line.GetProperty("version").GetInt32().Should().Be(2);
        line.GetProperty("type").GetInt32().Should().Be(1);
        line.GetProperty("vrid").GetInt32().Should().Be(51);
        line.GetProperty("priority").GetInt32().Should().Be(100);
        line.GetProperty("addressCount").GetInt32().Should().Be(1);
        line.GetProperty("advertInterval").GetInt32().Should().Be(100);
        line.GetProperty("checksum").GetInt32().Should().Be((message[6] << 8) | message[7]);
        line.GetProperty("checksumValid").GetBoolean().Should().BeTrue();
        line.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()).Should().Equal("192.168.1.100");
        line.GetProperty("authType").GetInt32().Should().Be(1);
        line.GetProperty("authString").GetString().Should().Be("1111");
    }

    [Fact]
    public void Run_Version3IPv6InPcapng_HasNoAuthFields()
    {
        var advert = new VrrpAdvertisement { VirtualRouterId = 7, Priority = 200, AdvertIntervalCentiseconds = 10 };
        byte[] message = Write(advert, Addresses("2001:db8::100", "2001:db8::101"), VrrpIpContext.IPv6(Source6, Multicast6));
        string file = Save(CaptureBuilder.Pcapng(1, [CaptureBuilder.Ethernet(CaptureBuilder.IPv6(Source6, Multicast6, 255, 112, message))]));

        (int exit, string output, _) = Decode(file, json: true);

        exit.Should().Be(ExitCodes.Success);
        JsonElement line = ParseLines(output).Single();
        line.GetProperty("src").GetString().Should().Be("fe80::2");
        line.GetProperty("dst").GetString().Should().Be("ff02::12");
        line.GetProperty("advertInterval").GetInt32().Should().Be(10);
        line.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()).Should().Equal("2001:db8::100", "2001:db8::101");
        line.TryGetProperty("authType", out _).Should().BeFalse();
        line.TryGetProperty("error", out _).Should().BeFalse();
    }

    [Fact]
    public void Run_LinuxCookedBigEndianPcapWithNoise_FindsOnlyVrrp()
    {
        var advert = new VrrpAdvertisement { VirtualRouterId = 1, Priority = 100 };
        byte[] message = Write(advert, Addresses("10.0.0.100"), VrrpIpContext.IPv4(Source4, Multicast4), VrrpChecksumForm.Message);
        byte[] udp = CaptureBuilder.IPv4(Source4, Multicast4, 64, 17, new byte[12]);
        string file = Save(CaptureBuilder.Pcap(113, [CaptureBuilder.LinuxCooked(udp), CaptureBuilder.LinuxCooked(CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, message))], bigEndian: true));

        (int exit, string output, _) = Decode(file, json: false);

        exit.Should().Be(ExitCodes.Success);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().Contain("#2 10.0.0.2 > 224.0.0.18 ttl 255: VRRPv3 type 1 vrid 1 prio 100").And.Contain("message only");
    }

    [Fact]
    public void Run_InvalidPacket_IsPrintedWithError()
    {
        byte[] message = (byte[])Version2KnownAnswer.Clone();
        message[2] = 99;
        string file = Save(CaptureBuilder.Pcap(1, [CaptureBuilder.Ethernet(CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, message))]));

        (int exit, string output, _) = Decode(file, json: true);

        exit.Should().Be(ExitCodes.Success);
        JsonElement line = ParseLines(output).Single();
        line.GetProperty("error").GetString().Should().Be("bad-checksum");
        line.GetProperty("checksumValid").GetBoolean().Should().BeFalse();
        line.GetProperty("priority").GetInt32().Should().Be(99);
        line.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()).Should().Equal("192.168.0.1");
    }

    [Fact]
    public void Run_MissingFile_PrintsOneLineAndFails()
    {
        (int exit, string output, string error) = Decode(Path.Combine(_directory, "nope.pcap"), json: false);

        exit.Should().Be(ExitCodes.BadInput);
        output.Should().BeEmpty();
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().Contain("cannot read").And.Contain("nope.pcap");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("cut-record")]
    [InlineData("cut-pcapng")]
    public void Run_CorruptFile_PrintsOneLineAndFails(string kind)
    {
        byte[] good = CaptureBuilder.Pcap(1, [CaptureBuilder.Ethernet(CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, Version2KnownAnswer))]);
        byte[] goodNg = CaptureBuilder.Pcapng(1, [CaptureBuilder.Ethernet(CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, Version2KnownAnswer))]);
        byte[] bytes = kind switch
        {
            "garbage" => "this is not a capture at all"u8.ToArray(),
            "empty" => [],
            "cut-record" => good[..^5],
            _ => goodNg[..^9],
        };

        (int exit, _, string error) = Decode(Save(bytes), json: true);

        exit.Should().Be(ExitCodes.BadInput);
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("vrrp decode: ");
    }

    [Fact]
    public void Run_RandomFiles_NeverThrow()
    {
        var random = new Random(3);
        byte[] good = CaptureBuilder.Pcapng(1, [CaptureBuilder.Ethernet(CaptureBuilder.IPv4(Source4, Multicast4, 255, 112, Version2KnownAnswer))]);
        for (int i = 0; i < 5000; i++)
        {
            byte[] bytes = (byte[])good.Clone();
            for (int flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            (int exit, _, _) = Decode(Save(bytes), json: true);
            exit.Should().BeOneOf(ExitCodes.Success, ExitCodes.BadInput);
        }
    }

    private string Save(byte[] bytes)
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("n") + ".pcap");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Exit, string Output, string Error) Decode(string path, bool json)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = DecodeCommand.Run(new FileInfo(path), json, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static List<JsonElement> ParseLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
}
