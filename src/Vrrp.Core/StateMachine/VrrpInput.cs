using System.Runtime.InteropServices;
using Vrrp.Packets;

namespace Vrrp.StateMachine;

/// <summary>One event for <see cref="VrrpStateMachine.Step"/>. A small value: building and queueing one never allocates.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Advertisement">The received advertisement's fixed fields (<see cref="VrrpInputKind.AdvertisementReceived"/>).</param>
/// <param name="Source">The sender's primary address: the IP source of the advertisement (or our new primary address).</param>
/// <param name="Timer">The timer that fired (<see cref="VrrpInputKind.TimerFired"/>).</param>
/// <param name="Priority">The new effective priority (<see cref="VrrpInputKind.PriorityChanged"/>).</param>
/// <param name="Flag">Whether the instance is faulted (<see cref="VrrpInputKind.FaultChanged"/>) or in maintenance (<see cref="VrrpInputKind.MaintenanceChanged"/>), whether the gate is open (<see cref="VrrpInputKind.GateChanged"/>), or initiated the group's move (<see cref="VrrpInputKind.SyncGroupMaster"/>).</param>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct VrrpInput(VrrpInputKind Kind, VrrpAdvertisement Advertisement = default, VrrpAddress Source = default, VrrpTimerKind Timer = VrrpTimerKind.None, byte Priority = 0, bool Flag = false)
{
    public static VrrpInput Start() => new(VrrpInputKind.Start);

    public static VrrpInput Shutdown() => new(VrrpInputKind.Shutdown);

    public static VrrpInput AdvertisementReceived(in VrrpAdvertisement advertisement, VrrpAddress source) =>
        new(VrrpInputKind.AdvertisementReceived, advertisement, source);

    public static VrrpInput TimerFired(VrrpTimerKind timer) => new(VrrpInputKind.TimerFired, Timer: timer);

    public static VrrpInput PriorityChanged(byte priority) => new(VrrpInputKind.PriorityChanged, Priority: priority);

    public static VrrpInput FaultChanged(bool faulted) => new(VrrpInputKind.FaultChanged, Flag: faulted);

    public static VrrpInput MaintenanceChanged(bool on) => new(VrrpInputKind.MaintenanceChanged, Flag: on);

    /// <summary>The sync group goes to master: every member would be master on its own.</summary>
    /// <param name="initiator">Whether this member's request completed the group (its own timer expired last).</param>
    /// <returns>The input.</returns>
    public static VrrpInput SyncGroupMaster(bool initiator = false) => new(VrrpInputKind.SyncGroupMaster, Flag: initiator);

    public static VrrpInput SyncGroupBackup() => new(VrrpInputKind.SyncGroupBackup);

    /// <summary>The mastership gate opened (true) or closed.</summary>
    public static VrrpInput GateChanged(bool open) => new(VrrpInputKind.GateChanged, Flag: open);

    /// <summary>Our primary address changed; it travels in <see cref="Source"/>.</summary>
    public static VrrpInput PrimaryAddressChanged(VrrpAddress address) => new(VrrpInputKind.PrimaryAddressChanged, Source: address);

    public override string ToString() => Kind switch
    {
        VrrpInputKind.AdvertisementReceived => $"{Kind}(priority {Advertisement.Priority} from {Source}, interval {Advertisement.AdvertIntervalCentiseconds} cs)",
        VrrpInputKind.TimerFired => $"{Kind}({Timer})",
        VrrpInputKind.PriorityChanged => $"{Kind}({Priority})",
        VrrpInputKind.FaultChanged or VrrpInputKind.MaintenanceChanged or VrrpInputKind.GateChanged => $"{Kind}({Flag})",
        VrrpInputKind.PrimaryAddressChanged => $"{Kind}({Source})",
        _ => Kind.ToString(),
    };
}
