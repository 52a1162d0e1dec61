namespace Vrrp.Hosting.Binding;

/// <summary>A change of an instance's VIP commands, as <see cref="VrrpInstanceRegistry.BindingChanged"/> reports it.</summary>
/// <param name="InstanceName">The instance's name.</param>
/// <param name="Status">The new status.</param>
public sealed record VrrpBindingChange(string InstanceName, VrrpBindingStatus Status)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{InstanceName}: VIP commands {Status.State} (attempt {Status.Attempts}){(Status.LastError is null ? string.Empty : ": " + Status.LastError)}";
}
