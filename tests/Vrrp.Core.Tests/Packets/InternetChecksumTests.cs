namespace Vrrp.Tests.Packets;

public sealed class InternetChecksumTests
{
    [Fact]
    public void Compute_Rfc1071Example_MatchesPublishedSum()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the checksum is ~ddf2 = 220d.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        InternetChecksum.Compute(data).Should().Be(0x220d);
    }
}
