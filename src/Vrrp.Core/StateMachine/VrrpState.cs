namespace Vrrp.StateMachine;

/// <summary>The state of a VRRP instance (RFC 5798 §6.4, plus keepalived's Fault and an explicit Stopped).</summary>
public enum VrrpState : byte
{
    /// <summary>Created but not started (RFC 5798 §6.4.1 Initialize). Owns no virtual address.</summary>
    Initialize = 0,

    /// <summary>Listening to the master's advertisements and ready to take over (RFC 5798 §6.4.2).</summary>
    Backup = 1,

    /// <summary>Owns the virtual addresses and advertises them (RFC 5798 §6.4.3).</summary>
    Master = 2,

    /// <summary>
    /// Out of the election because a tracked item with weight 0 failed or the link is down, as in keepalived. Owns no
    /// virtual address and sends nothing; returns to Backup (or Master when it is the address owner) when the fault
    /// clears.
    /// </summary>
    Fault = 3,

    /// <summary>Shut down by its owner (RFC 5798's Shutdown event). Owns no virtual address.</summary>
    Stopped = 4,
}
