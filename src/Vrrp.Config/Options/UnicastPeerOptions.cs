namespace Vrrp.Config.Options;

/// <summary>One unicast peer of an instance: a line of keepalived's <c>unicast_peer { }</c> block.</summary>
public sealed class UnicastPeerOptions
{
    /// <summary>Gets or sets the peer's address.</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string Address { get; set; } = string.Empty;

    /// <summary>Gets or sets the lowest TTL accepted from this peer (<c>min_ttl</c>).</summary>
    /// <value>The default is <see langword="null"/>: no check.</value>
    public int? MinTtl { get; set; }

    /// <summary>Gets or sets the highest TTL accepted from this peer (<c>max_ttl</c>).</summary>
    /// <value>The default is <see langword="null"/>: no check.</value>
    public int? MaxTtl { get; set; }
}
