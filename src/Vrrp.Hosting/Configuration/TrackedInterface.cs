namespace Vrrp.Hosting.Configuration;

/// <summary>A <c>track_interface</c> entry: the tracked item's name in the instance, and the interface it follows.</summary>
/// <param name="ItemName">The <see cref="Vrrp.Tracking.VrrpTrackedItem.Name"/>; the interface name unless a script has that name.</param>
/// <param name="InterfaceName">The interface.</param>
internal sealed record TrackedInterface(string ItemName, string InterfaceName);
