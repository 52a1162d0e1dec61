using Vrrp.StateMachine;

namespace Vrrp.Testing;

/// <summary>A state change seen on a <see cref="SimulatedLan"/>.</summary>
/// <param name="At">The simulated time since the LAN was created.</param>
/// <param name="Node">The node that changed state.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Reason">Why.</param>
public sealed record SimulatedTransition(TimeSpan At, SimulatedNode Node, VrrpState From, VrrpState To, VrrpTransitionReason Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{At.TotalSeconds:0.000000} s {Node.Name}: {From} -> {To} ({Reason})";
}
