namespace Vrrp.Config.Options;

/// <summary>One virtual IP address of an instance: a line of keepalived's <c>virtual_ipaddress { }</c> block.</summary>
public sealed class VirtualIpAddressOptions
{
    /// <summary>Gets or sets the address with an optional prefix length, for example <c>192.168.1.100/24</c> or <c>2001:db8::10</c>.</summary>
    /// <value>The default is an empty string (invalid).</value>
    public string Address { get; set; } = string.Empty;

    /// <summary>Gets or sets the broadcast address (<c>brd</c>): an address, <c>+</c> or <c>-</c>.</summary>
    /// <value>The default is <see langword="null"/>: none.</value>
    public string? Broadcast { get; set; }

    /// <summary>Gets or sets the interface the address goes on (<c>dev</c>).</summary>
    /// <value>The default is <see langword="null"/>: the instance's interface.</value>
    public string? Device { get; set; }

    /// <summary>Gets or sets the address scope (<c>scope</c>): <c>global</c>, <c>site</c>, <c>link</c>, <c>host</c>, <c>nowhere</c> or a number.</summary>
    /// <value>The default is <see langword="null"/>: global.</value>
    public string? Scope { get; set; }

    /// <summary>Gets or sets the address label (<c>label</c>), for example <c>eth0:1</c>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Label { get; set; }

    /// <summary>Gets or sets the options keepalived knows that Vrrp does not implement yet (<c>peer</c>, <c>home</c>, <c>-nodad</c>, <c>noprefixroute</c>, ...), as written.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? UnsupportedOptions { get; set; }
}
