namespace Vrrp.Linux.Addresses;

/// <summary>The scope of an address (rtnetlink <c>ifa_scope</c>; keepalived's and iproute2's <c>scope</c>).</summary>
internal enum LinuxAddressScope : byte
{
    /// <summary>Valid everywhere (the default).</summary>
    Global = 0,

    /// <summary>Valid inside the site (IPv6 only, deprecated).</summary>
    Site = 200,

    /// <summary>Valid on this link only.</summary>
    Link = 253,

    /// <summary>Valid inside this host only.</summary>
    Host = 254,
}
