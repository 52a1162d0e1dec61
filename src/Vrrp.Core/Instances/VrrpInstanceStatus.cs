using System.Net;
using Vrrp.StateMachine;
using Vrrp.Tracking;

namespace Vrrp.Instances;

/// <summary>An immutable snapshot of a <see cref="VrrpInstance"/>: what it is doing, why, and its counters.</summary>
public sealed record VrrpInstanceStatus
{
    /// <summary>Gets the instance's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the current state.</summary>
    public required VrrpState State { get; init; }

    /// <summary>Gets why the current state was entered.</summary>
    public required VrrpTransitionReason Reason { get; init; }

    /// <summary>Gets the explanation, e.g. <c>backup: master 10.0.0.2 advertises priority 150 &gt; our effective priority 96 = 100 - 4 (chk_haproxy failing)</c>.</summary>
    public required string Explanation { get; init; }

    /// <summary>
    /// Gets whether an operator put the instance in maintenance (<see cref="VrrpInstance.SetMaintenance"/>): it is then
    /// in <see cref="VrrpState.Fault"/>, out of the election with its addresses released, until taken out again.
    /// Displays show MAINTENANCE rather than FAULT.
    /// </summary>
    public bool InMaintenance { get; init; }

    /// <summary>Gets how long the instance has been in its state.</summary>
    public required TimeSpan TimeInState { get; init; }

    /// <summary>Gets the configured priority.</summary>
    public required byte BasePriority { get; init; }

    /// <summary>Gets the effective priority (base plus tracking weights, clamped to 1..254).</summary>
    public required byte EffectivePriority { get; init; }

    /// <summary>Gets the current master's primary address (ours when master), or null when none is known.</summary>
    public IPAddress? MasterAddress { get; init; }

    /// <summary>Gets the priority the current master advertises (0 when it announced it is stopping).</summary>
    public byte MasterPriority { get; init; }

    /// <summary>Gets Master_Adver_Interval (learnt from the master in VRRPv3).</summary>
    public required TimeSpan MasterAdverInterval { get; init; }

    /// <summary>Gets Skew_Time for the current priority and Master_Adver_Interval.</summary>
    public required TimeSpan SkewTime { get; init; }

    /// <summary>Gets Master_Down_Interval for the current priority and Master_Adver_Interval.</summary>
    public required TimeSpan MasterDownInterval { get; init; }

    /// <summary>Gets the time until the armed timer fires (the next advertisement as master, the takeover as backup), or null.</summary>
    public TimeSpan? NextTimer { get; init; }

    /// <summary>Gets whether the virtual addresses are bound by this instance.</summary>
    public required bool OwnsVirtualAddresses { get; init; }

    /// <summary>Gets whether the link is reported up.</summary>
    public required bool IsLinkUp { get; init; }

    /// <summary>Gets the tracked items.</summary>
    public required IReadOnlyList<VrrpTrackedItemStatus> TrackedItems { get; init; }

    /// <summary>Gets the counters.</summary>
    public required VrrpCounters Counters { get; init; }

    /// <summary>Gets the timer lateness summary.</summary>
    public required VrrpTimerLateness TimerLateness { get; init; }

    /// <summary>Gets the last error from the transport, the binder or a <see cref="VrrpInstance.StateChanged"/> handler, or null.</summary>
    public string? LastError { get; init; }
}
