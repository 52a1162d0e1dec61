using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FluentAssertions;
using Vrrp.Cli.Captures;
using Vrrp.Packets;
using Xunit;

namespace Vrrp.Tests.Interop;

/// <summary>
/// Our decoder against Wireshark's, on adverts captured from a real keepalived 2.2.7 (samples/captures, made by
/// tests/scripts/update-capture-fixtures.sh). Needs neither root nor tshark: tshark's answer is committed next to each
/// capture.
/// </summary>
public sealed class KeepalivedCaptureTests : IDisposable
{
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

    /// <summary>Finds where the VRRP message of a frame starts in the capture file.</summary>
    private static int FindVrrpMessageOffset(byte[] file, int frameNumber)
    {
        CapturedFrame frame = CaptureFileReader.Read(file).Single(f => f.Number == frameNumber);
        IpDatagramReader.TryRead(LinkLayer.GetIpDatagram(frame.LinkType, frame.Data.Span), out IpDatagram ip).Should().BeTrue();
        file.AsSpan().Overlaps(ip.Payload, out int offset).Should().BeTrue();
        return offset;
    }
}
