namespace Vrrp.Linux.Sockets;

/// <summary>The outcome of one non-blocking receive.</summary>
internal enum LinuxReceiveStatus
{
    /// <summary>Nothing is queued.</summary>
    WouldBlock,

    /// <summary>A valid advertisement was read.</summary>
    Received,

    /// <summary>A datagram was read and dropped (counted); try again.</summary>
    Dropped,
}
