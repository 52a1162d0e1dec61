namespace Vrrp.Config.Options;

/// <summary>
/// A tracker an instance or sync group tracks by name: a line of keepalived's <c>track_file { }</c> or
/// <c>track_process { }</c> block (<c>NAME [weight W [reverse|noreverse]]</c>).
/// </summary>
public sealed class TrackReferenceOptions
{
    /// <summary>Gets or sets the name of the <c>track_file</c> or <c>vrrp_track_process</c>.</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets a weight that overrides the tracker's own (<c>weight W</c>, -254..254).</summary>
    /// <value>The default is <see langword="null"/>: the tracker's weight and reverse.</value>
    public int? Weight { get; set; }

    /// <summary>Gets or sets whether the weight applies in reverse (<c>reverse</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Reverse { get; set; }
}
