using System.Net.Sockets;

namespace Vrrp.Cli.Tests.Captures;

/// <summary>
/// What each capture of <c>tests/scripts/capture-keepalived.sh</c> must contain (read from tshark's answer, not ours),
/// so that agreeing on it proves what issue 3 asks: v2 with PASS auth, v3 IPv4 with several VIPs and a sub-second
/// interval, v3 IPv6, unicast, and in every one a master's priority 0 on SIGTERM and the backup's takeover.
/// </summary>
internal static class KeepalivedCaptureExpectations
{
    /// <summary>Gets every capture the script writes, by file name.</summary>
    public static IReadOnlyList<string> CaptureNames { get; } =
    [
        "keepalived-v2-pass.pcap",
        "keepalived-v3-ipv4-5vips.pcap",
        "keepalived-v3-ipv4-5vips.pcapng",
        "keepalived-v3-ipv4-5vips.sll2.pcap",
        "keepalived-v3-ipv6.pcap",
        "keepalived-unicast-v2-ipv4.pcap",
        "keepalived-unicast-v3-ipv4.pcap",
        "keepalived-unicast-v3-ipv6.pcap",
        "keepalived-unicast-v3-ipv4-old-checksum.pcap",
    ];

    /// <summary>Gets the node that keepalived's <c>old_unicast_checksum</c> is set on in the old-checksum scenario.</summary>
    public static IPAddress OldChecksumSender { get; } = IPAddress.Parse("10.77.0.1");

    public static void AssertScenarioShape(string captureName, IReadOnlyList<TsharkVrrpRow> rows)
    {
        rows.Should().NotBeEmpty();

        // Failover: the master's priority-0 goodbye and adverts from two different non-zero priorities (150, then 100).
        rows.Should().Contain(r => r.Priority == 0, "{0} must hold the master's SIGTERM advert", captureName);
        rows.Where(r => r.Priority != 0).Select(r => r.Priority).Distinct().Should().HaveCountGreaterThanOrEqualTo(2, "{0} must hold the backup's takeover", captureName);
        rows.Select(r => r.Source).Distinct().Should().HaveCount(2, "{0} holds adverts from both keepalived nodes", captureName);

        bool unicast = captureName.Contains("unicast", System.StringComparison.Ordinal);
        rows.Should().OnlyContain(r => r.IsMulticastDestination != unicast, "{0} is {1}", captureName, unicast ? "unicast" : "multicast");
        int version = captureName.Contains("-v2-", System.StringComparison.Ordinal) ? 2 : 3;
        rows.Should().OnlyContain(r => r.Version == version);
        AddressFamily family = captureName.Contains("ipv6", System.StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        rows.Should().OnlyContain(r => r.Source.AddressFamily == family);

        if (captureName.StartsWith("keepalived-v2-pass", System.StringComparison.Ordinal))
        {
            rows.Should().OnlyContain(r => r.AuthType == 1);
            rows.Select(r => r.AuthString).Distinct().Should().BeEquivalentTo(["k33pal1v", "pw1"], "one 8-character password (no NUL) and one padded");
        }

        if (captureName.StartsWith("keepalived-v3-ipv4-5vips", System.StringComparison.Ordinal))
        {
            rows.Should().OnlyContain(r => r.AddressCount == 5 && r.ShortAdverIntCentiseconds < 100);
        }

        if (captureName == "keepalived-v3-ipv6.pcap")
        {
            rows.Should().OnlyContain(r => r.Source.IsIPv6LinkLocal && r.Ttl == 255 && r.AddressCount == 3);
        }

        if (captureName == "keepalived-unicast-v3-ipv4-old-checksum.pcap")
        {
            // Node a's checksum is neither form tshark knows; node b, not configured for it, sends the usual one.
            rows.Should().OnlyContain(r => (r.Source.Equals(OldChecksumSender)
                ? r.ChecksumStatus == TsharkChecksumStatus.Bad && r.ChecksumStatusAsInV2 == TsharkChecksumStatus.Bad
                : r.ChecksumStatus == TsharkChecksumStatus.Good));
        }
        else
        {
            rows.Should().OnlyContain(r => r.ChecksumStatus == TsharkChecksumStatus.Good, "keepalived sends valid checksums");
        }

        if (captureName == "keepalived-unicast-v3-ipv6.pcap")
        {
            // keepalived 2.2.7 leaves IPv6 unicast adverts at the default hop limit.
            rows.Should().OnlyContain(r => r.Ttl == 64);
        }
    }
}
