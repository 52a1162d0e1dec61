using System.Runtime.InteropServices;

namespace Vrrp.StateMachine;

/// <summary>One thing the driver must do, returned by <see cref="VrrpStateMachine.Step"/> in the order the RFC gives.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Priority">The priority to advertise (<see cref="VrrpEffectKind.SendAdvertisement"/>).</param>
/// <param name="Timer">The timer to arm (<see cref="VrrpEffectKind.ArmTimer"/>).</param>
/// <param name="Due">The timestamp (of the driver's <see cref="System.TimeProvider"/>) at which the timer is due.</param>
/// <param name="From">The state left (<see cref="VrrpEffectKind.StateChanged"/>).</param>
/// <param name="To">The state entered (<see cref="VrrpEffectKind.StateChanged"/>).</param>
/// <param name="Reason">Why the state changed (<see cref="VrrpEffectKind.StateChanged"/>).</param>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct VrrpEffect(VrrpEffectKind Kind, byte Priority = 0, VrrpTimerKind Timer = VrrpTimerKind.None, long Due = 0, VrrpState From = default, VrrpState To = default, VrrpTransitionReason Reason = default)
{
    public static VrrpEffect SendAdvertisement(byte priority) => new(VrrpEffectKind.SendAdvertisement, Priority: priority);

    public static VrrpEffect AddVirtualAddresses() => new(VrrpEffectKind.AddVirtualAddresses);

    public static VrrpEffect RemoveVirtualAddresses() => new(VrrpEffectKind.RemoveVirtualAddresses);

    public static VrrpEffect AnnounceVirtualAddresses() => new(VrrpEffectKind.AnnounceVirtualAddresses);

    public static VrrpEffect ReannounceVirtualAddresses() => new(VrrpEffectKind.ReannounceVirtualAddresses);

    public static VrrpEffect SyncGroupRequestMaster() => new(VrrpEffectKind.SyncGroupRequestMaster);

    public static VrrpEffect SyncGroupRequestBackup() => new(VrrpEffectKind.SyncGroupRequestBackup);

    public static VrrpEffect Gate(bool wanted) => new(wanted ? VrrpEffectKind.WantGate : VrrpEffectKind.ReleaseGate);

    public static VrrpEffect ArmTimer(VrrpTimerKind timer, long due) => new(VrrpEffectKind.ArmTimer, Timer: timer, Due: due);

    public static VrrpEffect CancelTimer() => new(VrrpEffectKind.CancelTimer);

    public static VrrpEffect StateChanged(VrrpState from, VrrpState to, VrrpTransitionReason reason) =>
        new(VrrpEffectKind.StateChanged, From: from, To: to, Reason: reason);

    public override string ToString() => Kind switch
    {
        VrrpEffectKind.SendAdvertisement => $"{Kind}({Priority})",
        VrrpEffectKind.ArmTimer => $"{Kind}({Timer} at {Due})",
        VrrpEffectKind.StateChanged => $"{Kind}({From} -> {To}: {Reason})",
        _ => Kind.ToString(),
    };
}
