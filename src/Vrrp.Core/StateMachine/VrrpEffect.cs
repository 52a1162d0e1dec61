using System.Runtime.InteropServices;

namespace Vrrp.StateMachine;

/// <summary>One thing the driver must do, returned by <see cref="VrrpStateMachine.Step"/> in the order the RFC gives.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct VrrpEffect
{
    private VrrpEffect(VrrpEffectKind kind, byte priority = 0, VrrpTimerKind timer = VrrpTimerKind.None, long due = 0, VrrpState from = default, VrrpState to = default, VrrpTransitionReason reason = default)
    {
        Kind = kind;
        Priority = priority;
        Timer = timer;
        Due = due;
        From = from;
        To = to;
        Reason = reason;
    }

    public VrrpEffectKind Kind { get; }

    /// <summary>Gets the priority to advertise (<see cref="VrrpEffectKind.SendAdvertisement"/>).</summary>
    public byte Priority { get; }

    /// <summary>Gets the timer to arm (<see cref="VrrpEffectKind.ArmTimer"/>).</summary>
    public VrrpTimerKind Timer { get; }

    /// <summary>Gets the timestamp (of the driver's <see cref="System.TimeProvider"/>) at which the timer is due.</summary>
    public long Due { get; }

    /// <summary>Gets the state left (<see cref="VrrpEffectKind.StateChanged"/>).</summary>
    public VrrpState From { get; }

    /// <summary>Gets the state entered (<see cref="VrrpEffectKind.StateChanged"/>).</summary>
    public VrrpState To { get; }

    /// <summary>Gets why the state changed (<see cref="VrrpEffectKind.StateChanged"/>).</summary>
    public VrrpTransitionReason Reason { get; }

    public static VrrpEffect SendAdvertisement(byte priority) => new(VrrpEffectKind.SendAdvertisement, priority: priority);

    public static VrrpEffect AddVirtualAddresses() => new(VrrpEffectKind.AddVirtualAddresses);

    public static VrrpEffect RemoveVirtualAddresses() => new(VrrpEffectKind.RemoveVirtualAddresses);

    public static VrrpEffect AnnounceVirtualAddresses() => new(VrrpEffectKind.AnnounceVirtualAddresses);

    public static VrrpEffect ReannounceVirtualAddresses() => new(VrrpEffectKind.ReannounceVirtualAddresses);

    public static VrrpEffect SyncGroupRequestMaster() => new(VrrpEffectKind.SyncGroupRequestMaster);

    public static VrrpEffect SyncGroupRequestBackup() => new(VrrpEffectKind.SyncGroupRequestBackup);

    public static VrrpEffect ArmTimer(VrrpTimerKind timer, long due) => new(VrrpEffectKind.ArmTimer, timer: timer, due: due);

    public static VrrpEffect CancelTimer() => new(VrrpEffectKind.CancelTimer);

    public static VrrpEffect StateChanged(VrrpState from, VrrpState to, VrrpTransitionReason reason) =>
        new(VrrpEffectKind.StateChanged, from: from, to: to, reason: reason);

    public override string ToString() => Kind switch
    {
        VrrpEffectKind.SendAdvertisement => $"{Kind}({Priority})",
        VrrpEffectKind.ArmTimer => $"{Kind}({Timer} at {Due})",
        VrrpEffectKind.StateChanged => $"{Kind}({From} -> {To}: {Reason})",
        _ => Kind.ToString(),
    };
}
