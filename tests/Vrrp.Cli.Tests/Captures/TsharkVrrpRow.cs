using System.Net.Sockets;
using Vrrp.Cli.Captures;
using Vrrp.Packets;

namespace Vrrp.Cli.Tests.Captures;

/// <summary>One VRRP packet as Wireshark's dissector reports it: one line of <c>tests/scripts/tshark-fields.sh</c>.</summary>
/// <param name="FrameNumber"><c>frame.number</c>.</param>
/// <param name="Source"><c>ip.src</c> or <c>ipv6.src</c>.</param>
/// <param name="Destination"><c>ip.dst</c> or <c>ipv6.dst</c>.</param>
/// <param name="Ttl"><c>ip.ttl</c> or <c>ipv6.hlim</c>.</param>
/// <param name="Version"><c>vrrp.version</c>.</param>
/// <param name="Type"><c>vrrp.type</c>.</param>
/// <param name="VirtualRouterId"><c>vrrp.virt_rtr_id</c>.</param>
/// <param name="Priority"><c>vrrp.prio</c>.</param>
/// <param name="AddressCount"><c>vrrp.addr_count</c>.</param>
/// <param name="AuthType"><c>vrrp.auth_type</c>, present for VRRPv2 only.</param>
/// <param name="AdverIntSeconds"><c>vrrp.adver_int</c>: VRRPv2's interval in whole seconds.</param>
/// <param name="Reserved"><c>vrrp.reserved_mbz</c>: VRRPv3's four reserved bits.</param>
/// <param name="ShortAdverIntCentiseconds"><c>vrrp.short_adver_int</c>: VRRPv3's Max Adver Int in centiseconds.</param>
/// <param name="Checksum"><c>vrrp.checksum</c>.</param>
/// <param name="ChecksumStatus">The checksum verdict with tshark's default <c>vrrp.v3_checksum_as_in_v2: FALSE</c>.</param>
/// <param name="ChecksumStatusAsInV2">The checksum verdict with <c>vrrp.v3_checksum_as_in_v2: TRUE</c> (message-only form for VRRPv3/IPv4).</param>
/// <param name="Addresses"><c>vrrp.ip_addr</c> or <c>vrrp.ipv6_addr</c>.</param>
/// <param name="AuthString"><c>vrrp.auth_string</c>, present for VRRPv2 simple-text authentication only.</param>
internal sealed record TsharkVrrpRow(
    int FrameNumber, IPAddress Source, IPAddress Destination, int Ttl,
    int Version, int Type, int VirtualRouterId, int Priority, int AddressCount,
    int? AuthType, int? AdverIntSeconds, int? Reserved, int? ShortAdverIntCentiseconds,
    int Checksum, TsharkChecksumStatus ChecksumStatus, TsharkChecksumStatus ChecksumStatusAsInV2,
    IReadOnlyList<IPAddress> Addresses, string? AuthString)
{
    private static readonly IPNetwork s_linkLocal = IPNetwork.Parse("fe80::/10");

    /// <summary>Gets a value indicating whether the packet went to a multicast group rather than a unicast peer.</summary>
    public bool IsMulticastDestination => Destination.AddressFamily == AddressFamily.InterNetworkV6
        ? Destination.IsIPv6Multicast
        : (Destination.GetAddressBytes()[0] & 0xF0) == 0xE0;

    /// <summary>What our decoder should report for this packet, worked out from tshark's fields alone.</summary>
    public DecodedVrrpFrame ToExpectedFrame()
    {
        bool isVersion2 = Version == (int)VrrpVersion.V2;
        bool isIPv4 = Source.AddressFamily == AddressFamily.InterNetwork;

        // tshark checks a VRRPv3 checksum in one form per run (its v3_checksum_as_in_v2 preference); we accept
        // either form for VRRPv3 over IPv4 and report which matched.
        bool pseudoHeaderValid = !isVersion2 && ChecksumStatus == TsharkChecksumStatus.Good;
        bool messageValid = isVersion2
            ? ChecksumStatus == TsharkChecksumStatus.Good
            : isIPv4 && ChecksumStatusAsInV2 == TsharkChecksumStatus.Good;
        bool valid = pseudoHeaderValid || messageValid;

        // keepalived's old_unicast_checksum form (pseudo-header with 224.0.0.18 for a unicast advert): tshark calls it
        // bad in both forms; keepalived accepts it, and so do we, without calling it valid. Worked out independently
        // of our reader by rebuilding the message from tshark's fields.
        bool oldUnicastForm = !valid && !isVersion2 && isIPv4 && !IsMulticastDestination && MatchesOldUnicastChecksum();
        bool accepted = valid || oldUnicastForm;

        VrrpPacketNotes notes = VrrpPacketNotes.None;
        if (accepted && !isVersion2)
        {
            if (Reserved is > 0)
            {
                notes |= VrrpPacketNotes.ReservedBitsSet;
            }

            if (!isIPv4 && !(Addresses.Count > 0 && s_linkLocal.Contains(Addresses[0])))
            {
                notes |= VrrpPacketNotes.FirstAddressNotLinkLocal;
            }
        }

        if (accepted && Ttl != VrrpPacketReader.RequiredTtl && !IsMulticastDestination)
        {
            notes |= VrrpPacketNotes.UnicastTtlNot255;
        }

        return new DecodedVrrpFrame
        {
            FrameNumber = FrameNumber,
            Source = Source.ToString(),
            Destination = Destination.ToString(),
            Ttl = Ttl,
            Version = Version,
            Type = Type,
            VirtualRouterId = VirtualRouterId,
            Priority = Priority,
            AddressCount = AddressCount,

            // tshark's v2 Adver Int is in seconds, its v3 Max Adver Int in centiseconds; ours is always centiseconds.
            AdvertIntervalCentiseconds = isVersion2
                ? AdverIntSeconds * 100
                : ShortAdverIntCentiseconds,
            Checksum = Checksum,
            ChecksumValid = valid,
            ChecksumForm = pseudoHeaderValid ? VrrpChecksumForm.PseudoHeader
                : messageValid ? VrrpChecksumForm.Message
                : oldUnicastForm ? VrrpChecksumForm.PseudoHeaderWithMulticastGroup
                : null,
            Addresses = Addresses.Select(a => a.ToString()).ToList(),
            AuthType = isVersion2 ? AuthType : null,

            // tshark prints the string only for simple-text authentication; we print an empty one for other v2 types.
            AuthString = isVersion2 ? AuthString ?? string.Empty : null,
            Error = accepted ? VrrpPacketError.None : VrrpPacketError.BadChecksum,
            Notes = notes,
        };
    }

    private bool MatchesOldUnicastChecksum()
    {
        if (ShortAdverIntCentiseconds is null || Addresses.Count != AddressCount)
        {
            return false;
        }

        byte[] message = new byte[8 + (Addresses.Count * 4)];
        message[0] = (byte)((Version << 4) | Type);
        message[1] = (byte)VirtualRouterId;
        message[2] = (byte)Priority;
        message[3] = (byte)AddressCount;
        int interval = ((Reserved ?? 0) << 12) | ShortAdverIntCentiseconds.Value;
        message[4] = (byte)(interval >> 8);
        message[5] = (byte)interval;
        for (int i = 0; i < Addresses.Count; i++)
        {
            Addresses[i].GetAddressBytes().CopyTo(message, 8 + (i * 4));
        }

        ulong sum = InternetChecksum.AddPseudoHeader(Source.GetAddressBytes(), IPAddress.Parse("224.0.0.18").GetAddressBytes(), message.Length, InternetChecksum.Add(message));
        return InternetChecksum.Finish(sum) == Checksum;
    }
}

