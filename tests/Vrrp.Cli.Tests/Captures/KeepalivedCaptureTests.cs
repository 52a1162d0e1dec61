using Vrrp.Cli.Captures;
using Vrrp.Packets;

namespace Vrrp.Cli.Tests.Captures;

/// <summary>
/// Our decoder against Wireshark's, on adverts captured from a real keepalived 2.2.7 (samples/captures, made by
/// tests/scripts/update-capture-fixtures.sh). Needs neither root nor tshark: tshark's answer is committed next to each
/// capture.
/// </summary>
[Collection(InProcessCommands.Name)]
public sealed class KeepalivedCaptureTests : IDisposable
{
    private static readonly byte[] s_vrrpGroup = [224, 0, 0, 18];

    private readonly string _directory = Directory.CreateTempSubdirectory("vrrp-interop-").FullName;

    public static TheoryData<string> CommittedCaptures => new(KeepalivedCaptureExpectations.CaptureNames);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [MemberData(nameof(CommittedCaptures))]
    public void Decode_CommittedKeepalivedCapture_AgreesWithTsharkFieldByField(string captureName)
    {
        string capture = Path.Combine(RepositoryPaths.CommittedCaptures, captureName);

        TsharkComparison.AssertAgree(capture, File.ReadAllText(capture + ".tshark.tsv"));
    }

    [Theory]
    [MemberData(nameof(CommittedCaptures))]
    public void CommittedCapture_TsharkAnswer_HoldsTheScenarioItStandsFor(string captureName)
    {
        string capture = Path.Combine(RepositoryPaths.CommittedCaptures, captureName);

        KeepalivedCaptureExpectations.AssertScenarioShape(captureName, TsharkFieldDump.Parse(File.ReadAllText(capture + ".tshark.tsv")));
    }

    [Fact]
    public void CommittedCaptures_Directory_HoldsExactlyTheScriptsCapturesEachWithItsAnswer()
    {
        string[] files = Directory.GetFiles(RepositoryPaths.CommittedCaptures, "keepalived-*").Select(Path.GetFileName).ToArray()!;

        files.Should().BeEquivalentTo(KeepalivedCaptureExpectations.CaptureNames.SelectMany(name => new[] { name, name + ".tshark.tsv" }));
    }

    [Fact]
    public void Decode_Version3IPv4FromKeepalived_UsesThePseudoHeaderChecksumThatTsharkChecksByDefault()
    {
        string capture = Path.Combine(RepositoryPaths.CommittedCaptures, "keepalived-v3-ipv4-5vips.pcap");
        IReadOnlyList<TsharkVrrpRow> rows = TsharkFieldDump.Parse(File.ReadAllText(capture + ".tshark.tsv"));

        List<DecodedVrrpFrame> decoded = VrrpCaptureDecoder.Decode(File.ReadAllBytes(capture)).ToList();

        // keepalived 2.2.7 sums the pseudo-header (RFC 5798); tshark agrees by default and calls it bad with
        // v3_checksum_as_in_v2 (the RFC 9568 message-only form).
        rows.Should().OnlyContain(r => r.ChecksumStatus == TsharkChecksumStatus.Good && r.ChecksumStatusAsInV2 == TsharkChecksumStatus.Bad);
        decoded.Should().OnlyContain(d => d.ChecksumValid && d.ChecksumForm == VrrpChecksumForm.PseudoHeader);
    }

    [Fact]
    public void KeepalivedOldUnicastChecksum_BadInBothTsharkForms_SumsThePseudoHeaderWithTheMulticastGroup()
    {
        // keepalived's old_unicast_checksum (and keepalived before 1.3.6?) put 224.0.0.18, not the unicast peer, in
        // the pseudo-header. tshark knows neither this nor any preference for it.
        List<(TsharkVrrpRow Row, byte[] Message, byte[] Source, byte[] Destination)> frames = OldChecksumFrames();

        frames.Should().NotBeEmpty();
        foreach ((TsharkVrrpRow row, byte[] message, byte[] source, byte[] destination) in frames)
        {
            row.ChecksumStatus.Should().Be(TsharkChecksumStatus.Bad);
            InternetChecksum.Finish(InternetChecksum.AddPseudoHeader(source, destination, message.Length, InternetChecksum.Add(message))).Should().NotBe(0);
            InternetChecksum.Finish(InternetChecksum.AddPseudoHeader(source, s_vrrpGroup, message.Length, InternetChecksum.Add(message))).Should().Be(0);
        }
    }

    [Fact]
    public void Decode_KeepalivedOldUnicastChecksum_IsAcceptedAsKeepalivedAcceptsIt()
    {
        string capture = Path.Combine(RepositoryPaths.CommittedCaptures, "keepalived-unicast-v3-ipv4-old-checksum.pcap");

        List<DecodedVrrpFrame> fromOldSender = VrrpCaptureDecoder.Decode(File.ReadAllBytes(capture))
            .Where(d => d.Source == KeepalivedCaptureExpectations.OldChecksumSender.ToString())
            .ToList();

        // Accepted as keepalived accepts it, reported as its own form, and (like tshark) not called valid.
        fromOldSender.Should().NotBeEmpty().And.OnlyContain(d => d.Error == VrrpPacketError.None
            && d.ChecksumForm == VrrpChecksumForm.PseudoHeaderWithMulticastGroup && !d.ChecksumValid);
    }

    [Fact]
    public void Compare_CaptureWithOnePriorityChanged_ReportsThatFrameOnly()
    {
        string original = Path.Combine(RepositoryPaths.CommittedCaptures, "keepalived-v3-ipv4-5vips.pcap");
        IReadOnlyList<TsharkVrrpRow> rows = TsharkFieldDump.Parse(File.ReadAllText(original + ".tshark.tsv"));
        byte[] bytes = File.ReadAllBytes(original);
        TsharkVrrpRow target = rows[1];
        int priorityOffset = FindVrrpMessageOffset(bytes, target.FrameNumber) + 2;
        bytes[priorityOffset].Should().Be((byte)target.Priority);
        bytes[priorityOffset]++;
        string changed = Path.Combine(_directory, "changed.pcap");
        File.WriteAllBytes(changed, bytes);

        IReadOnlyList<string> differences = TsharkComparison.Compare(changed, rows);

        // Both the decoder and the JSON output now disagree on the priority, and the checksum no longer holds.
        differences.Should().NotBeEmpty().And.OnlyContain(d => d.StartsWith($"frame {target.FrameNumber} ", StringComparison.Ordinal));
        differences.Should().Contain(d => d.Contains("(decoder) priority", StringComparison.Ordinal))
            .And.Contain(d => d.Contains("(json) priority", StringComparison.Ordinal))
            .And.Contain(d => d.Contains("(decoder) checksum valid", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_TsharkSeesAPacketWeDoNot_ReportsTheCountAndTheFrame()
    {
        string capture = Path.Combine(RepositoryPaths.CommittedCaptures, "keepalived-v2-pass.pcap");
        List<TsharkVrrpRow> rows = TsharkFieldDump.Parse(File.ReadAllText(capture + ".tshark.tsv")).ToList();
        rows.Add(rows[^1] with { FrameNumber = 9999 });

        IReadOnlyList<string> differences = TsharkComparison.Compare(capture, rows);

        differences.Should().Contain(d => d.Contains($"we decode {rows.Count - 1}", StringComparison.Ordinal) && d.Contains("only tshark: [9999]", StringComparison.Ordinal));
    }

    private static List<(TsharkVrrpRow Row, byte[] Message, byte[] Source, byte[] Destination)> OldChecksumFrames()
    {
        string capture = Path.Combine(RepositoryPaths.CommittedCaptures, "keepalived-unicast-v3-ipv4-old-checksum.pcap");
        byte[] file = File.ReadAllBytes(capture);
        var frames = new List<(TsharkVrrpRow, byte[], byte[], byte[])>();
        foreach (TsharkVrrpRow row in TsharkFieldDump.Parse(File.ReadAllText(capture + ".tshark.tsv")))
        {
            if (row.Source.Equals(KeepalivedCaptureExpectations.OldChecksumSender))
            {
                CapturedFrame frame = CaptureFileReader.Read(file).Single(f => f.Number == row.FrameNumber);
                IpDatagramReader.TryRead(LinkLayer.GetIpDatagram(frame.LinkType, frame.Data.Span), out IpDatagram ip).Should().BeTrue();
                frames.Add((row, ip.Payload.ToArray(), ip.Source.ToArray(), ip.Destination.ToArray()));
            }
        }

        return frames;
    }

    /// <summary>Finds where the VRRP message of a frame starts in the capture file.</summary>
    private static int FindVrrpMessageOffset(byte[] file, int frameNumber)
    {
        CapturedFrame frame = CaptureFileReader.Read(file).Single(f => f.Number == frameNumber);
        IpDatagramReader.TryRead(LinkLayer.GetIpDatagram(frame.LinkType, frame.Data.Span), out IpDatagram ip).Should().BeTrue();
        file.AsSpan().Overlaps(ip.Payload, out int offset).Should().BeTrue();
        return offset;
    }
}
