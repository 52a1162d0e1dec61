namespace Vrrp.Config.Options;

/// <summary>A script an instance or sync group tracks: a line of keepalived's <c>track_script { }</c> block.</summary>
public sealed class TrackScriptOptions
{
    /// <summary>Gets or sets the name of the <c>vrrp_script</c>.</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string Script { get; set; } = string.Empty;

    /// <summary>Gets or sets a weight that overrides the script's own (<c>weight W</c>).</summary>
    /// <value>The default is <see langword="null"/>: the script's weight.</value>
    public int? Weight { get; set; }

    /// <summary>Gets or sets whether the weight applies in reverse (<c>reverse</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Reverse { get; set; }
}
