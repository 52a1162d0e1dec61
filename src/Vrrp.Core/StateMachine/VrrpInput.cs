using System.Runtime.InteropServices;
using Vrrp.Packets;

namespace Vrrp.StateMachine;

/// <summary>One event for <see cref="VrrpStateMachine.Step"/>. A small value: building and queueing one never allocates.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct VrrpInput
{
    private VrrpInput(VrrpInputKind kind, VrrpAdvertisement advertisement = default, VrrpAddress source = default, VrrpTimerKind timer = VrrpTimerKind.None, byte priority = 0, bool flag = false)
    {
        Kind = kind;
        Advertisement = advertisement;
        Source = source;
        Timer = timer;
        Priority = priority;
        Flag = flag;
    }

    public VrrpInputKind Kind { get; }

    /// <summary>Gets the received advertisement's fixed fields (<see cref="VrrpInputKind.AdvertisementReceived"/>).</summary>
    public VrrpAdvertisement Advertisement { get; }

    /// <summary>Gets the sender's primary address: the IP source of the advertisement.</summary>
    public VrrpAddress Source { get; }

    /// <summary>Gets the timer that fired (<see cref="VrrpInputKind.TimerFired"/>).</summary>
    public VrrpTimerKind Timer { get; }

    /// <summary>Gets the new effective priority (<see cref="VrrpInputKind.PriorityChanged"/>).</summary>
    public byte Priority { get; }

    /// <summary>Gets whether the instance is faulted (<see cref="VrrpInputKind.FaultChanged"/>), or initiated the group's move (<see cref="VrrpInputKind.SyncGroupMaster"/>).</summary>
    public bool Flag { get; }

    public static VrrpInput Start() => new(VrrpInputKind.Start);

    public static VrrpInput Shutdown() => new(VrrpInputKind.Shutdown);

    public static VrrpInput AdvertisementReceived(in VrrpAdvertisement advertisement, VrrpAddress source) =>
        new(VrrpInputKind.AdvertisementReceived, advertisement, source);

    public static VrrpInput TimerFired(VrrpTimerKind timer) => new(VrrpInputKind.TimerFired, timer: timer);

    public static VrrpInput PriorityChanged(byte priority) => new(VrrpInputKind.PriorityChanged, priority: priority);

    public static VrrpInput FaultChanged(bool faulted) => new(VrrpInputKind.FaultChanged, flag: faulted);

    /// <summary>The sync group goes to master: every member would be master on its own.</summary>
    /// <param name="initiator">Whether this member's request completed the group (its own timer expired last).</param>
    /// <returns>The input.</returns>
    public static VrrpInput SyncGroupMaster(bool initiator = false) => new(VrrpInputKind.SyncGroupMaster, flag: initiator);

    public static VrrpInput SyncGroupBackup() => new(VrrpInputKind.SyncGroupBackup);

    /// <summary>Our primary address changed; it travels in <see cref="Source"/>.</summary>
    public static VrrpInput PrimaryAddressChanged(VrrpAddress address) => new(VrrpInputKind.PrimaryAddressChanged, source: address);

    public override string ToString() => Kind switch
    {
        VrrpInputKind.AdvertisementReceived => $"{Kind}(priority {Advertisement.Priority} from {Source}, interval {Advertisement.AdvertIntervalCentiseconds} cs)",
        VrrpInputKind.TimerFired => $"{Kind}({Timer})",
        VrrpInputKind.PriorityChanged => $"{Kind}({Priority})",
        VrrpInputKind.FaultChanged => $"{Kind}({Flag})",
        VrrpInputKind.PrimaryAddressChanged => $"{Kind}({Source})",
        _ => Kind.ToString(),
    };
}
