namespace Vrrp.Hosting.Tracking;

/// <summary>A track_file or vrrp_track_process an instance tracks: the tracker's name and the item's name in the instance.</summary>
/// <param name="ItemName">The tracked item's name (the tracker's, prefixed when another item of the instance has it).</param>
/// <param name="Name">The name of the track_file or vrrp_track_process block.</param>
internal sealed record TrackedReference(string ItemName, string Name);
