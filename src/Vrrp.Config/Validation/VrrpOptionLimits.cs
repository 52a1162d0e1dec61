using System;
using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Binding;

namespace Vrrp.Config.Validation;

/// <summary>The ranges VRRP and keepalived allow.</summary>
internal static class VrrpOptionLimits
{
    /// <summary>RFC 5798 §5.2.7: 12 bits of centiseconds.</summary>
    public static readonly TimeSpan MaxV3AdvertisementInterval = TimeSpan.FromMilliseconds(40_950);

    public static readonly TimeSpan MinV3AdvertisementInterval = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan MaxPreemptDelay = TimeSpan.FromSeconds(1000);

    public const int MaxAuthenticationPasswordLength = 8;

    public const int MaxTrackWeight = 253;

    /// <summary>Returns the family of <c>address[/prefix]</c>, or <see cref="AddressFamily.Unknown"/> when it does not parse.</summary>
    public static AddressFamily FamilyOf(string address)
    {
        int slash = address.IndexOf('/', StringComparison.Ordinal);
        string text = slash < 0 ? address : address[..slash];
        return ValueParser.TryParseAddress(text, out IPAddress parsed) ? parsed.AddressFamily : AddressFamily.Unknown;
    }
}
