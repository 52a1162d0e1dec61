using System;
using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>Describes a state change of a <see cref="VrrpInstance"/>.</summary>
public sealed class VrrpStateChangedEventArgs : EventArgs
{
    /// <summary>Initializes the event data.</summary>
    /// <param name="instanceName">The instance's name.</param>
    /// <param name="from">The state left.</param>
    /// <param name="to">The state entered.</param>
    /// <param name="reason">Why.</param>
    /// <param name="explanation">The instance's explanation right after the change.</param>
    /// <param name="priority">The effective priority at the change.</param>
    public VrrpStateChangedEventArgs(string instanceName, VrrpState from, VrrpState to, VrrpTransitionReason reason, string explanation, byte priority)
    {
        InstanceName = instanceName;
        From = from;
        To = to;
        Reason = reason;
        Explanation = explanation;
        Priority = priority;
    }

    /// <summary>Gets the instance's name.</summary>
    public string InstanceName { get; }

    /// <summary>Gets the state left.</summary>
    public VrrpState From { get; }

    /// <summary>Gets the state entered.</summary>
    public VrrpState To { get; }

    /// <summary>Gets why the state changed.</summary>
    public VrrpTransitionReason Reason { get; }

    /// <summary>Gets the instance's explanation right after the change, e.g. <c>backup: master 10.0.0.2 advertises priority 150 &gt; our effective priority 100</c>.</summary>
    public string Explanation { get; }

    /// <summary>Gets the effective priority at the change (keepalived passes it to notify scripts).</summary>
    public byte Priority { get; }
}
