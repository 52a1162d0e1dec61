using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>Describes a state change of a <see cref="VrrpInstance"/>.</summary>
/// <param name="instanceName">The instance's name.</param>
/// <param name="from">The state left.</param>
/// <param name="to">The state entered.</param>
/// <param name="reason">Why.</param>
/// <param name="explanation">The instance's explanation right after the change.</param>
/// <param name="priority">The effective priority at the change.</param>
public sealed class VrrpStateChangedEventArgs(string instanceName, VrrpState from, VrrpState to, VrrpTransitionReason reason, string explanation, byte priority) : EventArgs
{
    /// <summary>Gets the instance's name.</summary>
    public string InstanceName { get; } = instanceName;

    /// <summary>Gets the state left.</summary>
    public VrrpState From { get; } = from;

    /// <summary>Gets the state entered.</summary>
    public VrrpState To { get; } = to;

    /// <summary>Gets why the state changed.</summary>
    public VrrpTransitionReason Reason { get; } = reason;

    /// <summary>Gets the instance's explanation right after the change, e.g. <c>backup: master 10.0.0.2 advertises priority 150 &gt; our effective priority 100</c>.</summary>
    public string Explanation { get; } = explanation;

    /// <summary>Gets the effective priority at the change (keepalived passes it to notify scripts).</summary>
    public byte Priority { get; } = priority;
}
