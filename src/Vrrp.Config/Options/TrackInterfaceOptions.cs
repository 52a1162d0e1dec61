namespace Vrrp.Config.Options;

/// <summary>An interface an instance or sync group tracks: a line of keepalived's <c>track_interface { }</c> block.</summary>
public sealed class TrackInterfaceOptions
{
    /// <summary>Gets or sets the interface name.</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string Interface { get; set; } = string.Empty;

    /// <summary>Gets or sets the priority change while the interface is down (<c>weight W</c>, -253..253).</summary>
    /// <value>The default is <see langword="null"/>: the instance goes to FAULT while the interface is down.</value>
    public int? Weight { get; set; }

    /// <summary>Gets or sets whether the weight applies while the interface is up instead (<c>reverse</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Reverse { get; set; }
}
