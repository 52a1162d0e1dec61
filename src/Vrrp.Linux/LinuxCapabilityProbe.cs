using System.Net.Sockets;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux;

/// <summary>
/// The start-up probe: tries, harmlessly, each privileged operation a VRRP instance needs and reports a missing
/// capability as "opening the VRRP socket on eth0 needs CAP_NET_RAW" rather than as an errno at the first failover.
/// </summary>
public static class LinuxCapabilityProbe
{
    /// <summary>Probes the capabilities an instance on <paramref name="interfaceName"/> needs.</summary>
    /// <param name="interfaceName">The interface the instance runs on (only used in the messages; it need not exist yet).</param>
    /// <returns>One exception per missing capability; empty when everything is allowed.</returns>
    public static IReadOnlyList<MissingCapabilityException> Probe(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var missing = new List<MissingCapabilityException>();

        // CAP_NET_RAW: raw IP protocol 112 sockets (adverts) and AF_PACKET sockets (gratuitous ARP / NA).
        try
        {
            using Socket socket = LinuxSocket.Create(Interop.AF_INET, Interop.SOCK_RAW, Interop.IPPROTO_VRRP, $"opening the VRRP socket on {interfaceName}", "CAP_NET_RAW");
        }
        catch (MissingCapabilityException ex)
        {
            missing.Add(ex);
        }

        // CAP_NET_ADMIN: rtnetlink checks it before looking at a change request, so deleting an address from
        // interface index 0 fails with EPERM without it and with ENODEV with it, touching nothing either way.
        try
        {
            using NetlinkSocket netlink = NetlinkSocket.Open();
            Span<byte> buffer = stackalloc byte[64];
            var request = new NetlinkMessageWriter(buffer, Interop.RTM_DELADDR, Interop.NLM_F_REQUEST | Interop.NLM_F_ACK);
            request.WriteHeader(new Interop.InterfaceAddressMessage { Family = Interop.AF_INET });
            int error = netlink.Transact(request, null, out _);
            if ((Interop.Errno)error == Interop.Errno.EPERM)
            {
                missing.Add(new MissingCapabilityException($"adding virtual addresses on {interfaceName}", "CAP_NET_ADMIN"));
            }
        }
        catch (IOException)
        {
            // rtnetlink itself is unavailable; the binder reports that with its own error when it is used.
        }

        return missing;
    }

    /// <summary>Throws when <see cref="Probe"/> finds a missing capability.</summary>
    /// <param name="interfaceName">The interface the instance runs on.</param>
    /// <exception cref="MissingCapabilityException">A capability is missing; the message names every one.</exception>
    public static void ThrowIfMissing(string interfaceName)
    {
        IReadOnlyList<MissingCapabilityException> missing = Probe(interfaceName);
        if (missing.Count == 1)
        {
            throw missing[0];
        }

        if (missing.Count > 1)
        {
            var messages = new string[missing.Count];
            for (int i = 0; i < missing.Count; i++)
            {
                messages[i] = missing[i].Message;
            }

            throw new MissingCapabilityException(string.Join("; ", messages), missing[0]);
        }
    }
}
