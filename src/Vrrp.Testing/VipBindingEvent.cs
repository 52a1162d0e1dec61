namespace Vrrp.Testing;

/// <summary>One call recorded by a <see cref="RecordingVipBinder"/>.</summary>
/// <param name="Time">The clock's time at the call.</param>
/// <param name="InstanceName">The instance that made the call.</param>
/// <param name="Kind">What was asked.</param>
public sealed record VipBindingEvent(DateTimeOffset Time, string InstanceName, VipBindingEventKind Kind)
{
    /// <summary>Gets the addresses of the call: all of the instance's, or only the difference of a live change (<see cref="IsChange"/>).</summary>
    public IReadOnlyList<VrrpVirtualAddress> Addresses { get; init; } = [];

    /// <summary>
    /// Gets whether the call was part of <see cref="IVipBinder.ChangeAddressesAsync"/> (a running master's address list
    /// changed): only <see cref="Addresses"/> were added, announced or removed; the others stayed bound.
    /// </summary>
    public bool IsChange { get; init; }
}
