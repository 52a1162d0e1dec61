using System.Runtime.InteropServices;
using Vrrp.Packets;

namespace Vrrp.StateMachine;

/// <summary>The settings one state machine needs, already validated, with times in microseconds.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct VrrpStateMachineConfig
{
    public required VrrpVersion Version { get; init; }

    /// <summary>Gets the configured priority (255 for the address owner).</summary>
    public required byte Priority { get; init; }

    /// <summary>Gets Advertisement_Interval in microseconds (a multiple of 10 000).</summary>
    public required long AdvertisementIntervalMicroseconds { get; init; }

    /// <summary>Gets our primary address: the tie-break value of RFC 5798 §6.4.3.</summary>
    public required VrrpAddress PrimaryAddress { get; init; }

    /// <summary>Gets Preempt_Mode.</summary>
    public bool Preempt { get; init; }

    /// <summary>Gets keepalived's preempt_delay in microseconds: how long after first hearing a lower-priority master a backup still defers to it.</summary>
    public long PreemptDelayMicroseconds { get; init; }

    /// <summary>Gets keepalived's lower_prio_no_advert: when true a master ignores lower-priority advertisements instead of answering at once (RFC 9568).</summary>
    public bool LowerPriorityNoAdvert { get; init; }

    /// <summary>
    /// Gets keepalived's higher_prio_send_advert: when true a master that yields to a better advertisement first sends
    /// one advertisement of its own, so that the winner sees the contention and re-announces its addresses.
    /// </summary>
    public bool HigherPrioritySendAdvert { get; init; }

    /// <summary>Gets whether the instance is configured to start as master (keepalived's <c>state MASTER</c>).</summary>
    public bool StartAsMaster { get; init; }

    /// <summary>Gets the frequency of the timestamps passed to <see cref="VrrpStateMachine.Step"/> (ticks per second).</summary>
    public required long TimestampFrequency { get; init; }
}
