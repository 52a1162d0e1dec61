using Vrrp.Linux.Addresses;
using Vrrp.Linux.Sockets;

namespace Vrrp.Linux.Netlink;

/// <summary>
/// One rtnetlink request socket per network namespace for the address changes of every <see cref="Addresses.LinuxVipBinder"/>
/// and the link lookups of every <see cref="Announcements.LinuxAddressAnnouncer"/> of the process, reference counted (the
/// first user opens it, the last closes it). A socket each made 2,000 netlink sockets at 1,000 instances; requests on
/// one socket take turns (<see cref="NetlinkSocket"/> holds a lock per request), as the kernel serializes them anyway.
/// The one port id also lets the namespace's link monitor leave out, in the kernel, the address events our own lease
/// renewals cause (<see cref="Links.SharedLinkMonitor"/>).
/// </summary>
internal sealed class SharedNetlinkSocket
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, SharedNetlinkSocket> s_sockets = new(StringComparer.Ordinal);
    private readonly string _namespace;
    private int _references;

    private SharedNetlinkSocket(string space, NetlinkSocket socket)
    {
        _namespace = space;
        Socket = socket;
        PortId = socket.GetPortId();
        Renewals = new VipLeaseRenewals(socket);
    }

    /// <summary>Gets the socket.</summary>
    public NetlinkSocket Socket { get; }

    /// <summary>Gets the VIP lease renewals of the namespace's binders, sent together on <see cref="Socket"/>.</summary>
    public VipLeaseRenewals Renewals { get; }

    /// <summary>Gets the port id the kernel gave the socket: the nlmsg_pid of the events our requests cause.</summary>
    public uint PortId { get; }

    /// <summary>Takes a reference on the calling thread's network namespace's socket, opening it if needed.</summary>
    public static SharedNetlinkSocket Acquire()
    {
        string space = NetworkNamespaceId.Current();
        lock (s_lock)
        {
            if (!s_sockets.TryGetValue(space, out SharedNetlinkSocket? shared))
            {
                shared = new SharedNetlinkSocket(space, NetlinkSocket.Open());
                s_sockets[space] = shared;
            }

            shared._references++;
            return shared;
        }
    }

    /// <summary>Drops a reference taken by <see cref="Acquire"/>; the last one closes the socket.</summary>
    public void Release()
    {
        lock (s_lock)
        {
            if (--_references == 0)
            {
                s_sockets.Remove(_namespace);
                Socket.Dispose();
            }
        }
    }
}
