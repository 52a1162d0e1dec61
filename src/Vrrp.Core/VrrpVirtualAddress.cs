using System.Net;

namespace Vrrp;

/// <summary>
/// A virtual address an instance protects: what it advertises and what its <see cref="IVipBinder"/> binds while
/// master. <see cref="Device"/> and <see cref="Label"/> are passed through to the binder untouched.
/// </summary>
public sealed record VrrpVirtualAddress
{
    /// <summary>Initializes a virtual address.</summary>
    /// <param name="address">The address.</param>
    /// <param name="prefixLength">The prefix length, or -1 for a host address (/32 or /128).</param>
    public VrrpVirtualAddress(IPAddress address, int prefixLength = -1)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        PrefixLength = prefixLength < 0 ? (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32) : prefixLength;
    }

    /// <summary>Gets the address.</summary>
    public IPAddress Address { get; init; }

    /// <summary>Gets the prefix length the binder uses when adding the address.</summary>
    /// <value>The default value is 32 for IPv4 and 128 for IPv6.</value>
    public int PrefixLength { get; init; }

    /// <summary>Gets the interface to bind the address to when it differs from the instance's (keepalived's <c>dev</c>), or null.</summary>
    public string? Device { get; init; }

    /// <summary>Gets the address label (keepalived's <c>label</c>, e.g. <c>eth0:1</c>), or null.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// Gets the address scope as iproute2 and rtnetlink number it (keepalived's <c>scope</c>: 0 global, 200 site,
    /// 253 link, 254 host, 255 nowhere), passed through to the binder; null for global.
    /// </summary>
    public byte? Scope { get; init; }

    /// <summary>Gets the IPv4 broadcast address (keepalived's <c>brd</c>), passed through to the binder; null for none.</summary>
    public IPAddress? Broadcast { get; init; }

    /// <summary>
    /// Gets whether the address is left out of advertisements (keepalived's <c>virtual_ipaddress_excluded</c>): it is
    /// bound, released and announced with the others, but peers do not compare it, so it may be of the other family
    /// and there may be more than the 255 an advertisement carries.
    /// </summary>
    public bool IsExcluded { get; init; }

    /// <summary>Parses <c>10.0.0.10</c> or <c>10.0.0.10/24</c>.</summary>
    /// <param name="text">The address with an optional prefix length.</param>
    /// <returns>The virtual address.</returns>
    /// <exception cref="FormatException">The text is not an address with an optional prefix length.</exception>
    public static VrrpVirtualAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IPAddressParser.TryParseWithPrefix(text, out IPAddress address, out int? prefixLength, out bool prefixValid))
        {
            throw new FormatException($"'{text}' is not an IP address.");
        }

        int max = IPAddressParser.MaxPrefixLength(address.AddressFamily);
        if (!prefixValid || prefixLength > max)
        {
            throw new FormatException($"'{text}' has an invalid prefix length (0 to {max}).");
        }

        int prefix = prefixLength ?? -1;
        return new VrrpVirtualAddress(address, prefix);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Address}/{PrefixLength}";
}
