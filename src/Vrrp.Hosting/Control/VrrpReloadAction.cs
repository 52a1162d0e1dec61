namespace Vrrp.Hosting.Control;

/// <summary>One step of a reload plan.</summary>
/// <param name="Target">What it is about: <c>vrrp_instance</c> or <c>vrrp_sync_group</c>.</param>
/// <param name="Name">The instance's or group's name.</param>
/// <param name="Kind">What the reload does to it.</param>
/// <param name="Details">What changed, one line each (<c>priority 100 -> 90</c>, <c>+ 10.0.0.9/24</c>).</param>
public sealed record VrrpReloadAction(string Target, string Name, VrrpReloadActionKind Kind, IReadOnlyList<string> Details);
