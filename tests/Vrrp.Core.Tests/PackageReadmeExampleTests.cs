using System.Net.Sockets;

namespace Vrrp.Tests;

/// <summary>
/// The examples of the package READMEs (src/Vrrp.Core/README.md, src/Vrrp.Testing/README.md), line for line, so a
/// change to the API that breaks them fails here. Only the usings (global in this project) and the asserts differ.
/// Change the README when you change an example here.
/// </summary>
public sealed class PackageReadmeExampleTests
{
    [Fact]
    public void VrrpCoreReadme_EncodeThenDecodeAnAdvert_PrintsWhatWasWritten()
    {
        // --- src/Vrrp.Core/README.md
        byte[] source = IPAddress.Parse("10.0.0.1").GetAddressBytes();
        byte[] group = IPAddress.Parse("224.0.0.18").GetAddressBytes();   // the VRRP multicast group
        byte[] vip = IPAddress.Parse("10.0.0.100").GetAddressBytes();
        VrrpIpContext ip = VrrpIpContext.IPv4(source, group, ttl: 255);

        var advert = new VrrpAdvertisement
        {
            Version = VrrpVersion.V3,
            VirtualRouterId = 51,
            Priority = 150,
            AdvertIntervalCentiseconds = 100,   // 1 s
        };
        byte[] buffer = new byte[VrrpPacketWriter.GetMessageLength(advert.Version, AddressFamily.InterNetwork, addressCount: 1)];
        VrrpPacketWriter.TryWrite(buffer, advert, vip, ip, out int written);

        // The same bytes as a socket would receive them, decoded and checked (checksum, TTL, lengths) without allocating.
        string summary = VrrpPacketReader.TryRead(buffer.AsSpan(0, written), ip, out VrrpPacket packet, out VrrpPacketError error)
            ? $"VRRPv{(int)packet.Version} vrid {packet.VirtualRouterId} prio {packet.Priority} " +
              $"intvl {packet.AdvertIntervalCentiseconds}cs vip {new IPAddress(packet.GetAddress(0))}"
            : $"invalid: {error.ToReason()}";
        Console.WriteLine(summary);   // VRRPv3 vrid 51 prio 150 intvl 100cs vip 10.0.0.100
        // ---

        summary.Should().Be("VRRPv3 vrid 51 prio 150 intvl 100cs vip 10.0.0.100");
        written.Should().Be(12, "an 8-byte VRRPv3 header and one IPv4 address");
    }

    [Fact]
    public void VrrpTestingReadme_MasterCrashes_BackupTakesOverAndHoldsTheAddress()
    {
        // --- src/Vrrp.Testing/README.md
        var lan = new SimulatedLan(seed: 1);   // a fake clock: ten simulated seconds run in microseconds

        static VrrpInstanceSettings Node(string address, byte priority) => new()
        {
            Name = "VI_1",
            VirtualRouterId = 51,
            Priority = priority,
            PrimaryAddress = IPAddress.Parse(address),
            VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.0.100/24")],
        };
        SimulatedNode primary = lan.AddNode(Node("10.0.0.1", 150));
        SimulatedNode standby = lan.AddNode(Node("10.0.0.2", 100));
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(10));
        Console.WriteLine($"{primary.State} {standby.State}");   // Master Backup

        primary.Crash();
        lan.RunUntil(() => standby.State == VrrpState.Master, timeout: TimeSpan.FromSeconds(10));
        SimulatedTransition takeover = lan.Transitions[^1];
        Console.WriteLine($"{takeover.Node.Name} became {takeover.To} at {takeover.At} ({takeover.Reason})");
        // VI_1@10.0.0.2 became Master at 00:00:13.0234370 (MasterDownTimerExpired): 3 x 1 s + skew after the last advert
        Console.WriteLine(standby.HoldsVirtualAddresses);   // True
        // ---

        takeover.Node.Should().BeSameAs(standby);
        takeover.At.Should().Be(lan.LastDelivery(primary, standby)!.Value + VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, TimeSpan.FromSeconds(1)));
        takeover.Reason.Should().Be(VrrpTransitionReason.MasterDownTimerExpired);
        standby.HoldsVirtualAddresses.Should().BeTrue();
        lan.Masters.Should().Equal(standby);
    }
}
