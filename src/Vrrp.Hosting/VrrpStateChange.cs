using Vrrp.StateMachine;

namespace Vrrp.Hosting;

/// <summary>One state change of a hosted instance, as published on <see cref="VrrpInstanceRegistry.WatchAsync"/>.</summary>
/// <param name="Sequence">The change's number within its instance, from 1; notify hooks run in this order.</param>
/// <param name="InstanceName">The instance's name.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Reason">Why.</param>
/// <param name="Priority">The effective priority at the change.</param>
/// <param name="Explanation">The instance's explanation right after the change.</param>
/// <param name="Timestamp">When the change happened, on the host's <see cref="TimeProvider"/>.</param>
public sealed record VrrpStateChange(long Sequence, string InstanceName, VrrpState From, VrrpState To, VrrpTransitionReason Reason, byte Priority, string Explanation, DateTimeOffset Timestamp)
{
    /// <summary>Gets keepalived's name of <see cref="To"/> as notify scripts receive it: MASTER, BACKUP, FAULT or STOP (null for Initialize).</summary>
    public string? KeepalivedState => To switch
    {
        VrrpState.Master => "MASTER",
        VrrpState.Backup => "BACKUP",
        VrrpState.Fault => "FAULT",
        VrrpState.Stopped => "STOP",
        _ => null,
    };

    /// <inheritdoc/>
    public override string ToString() => $"#{Sequence} {InstanceName}: {From} -> {To} reason={Reason} priority={Priority}: {Explanation}";
}
