using System.Net;
using System.Net.Sockets;

namespace Vrrp.Config.Validation;

/// <summary>Helpers over <see cref="VrrpLimits"/> that read options as written.</summary>
internal static class VrrpOptionLimits
{
    /// <summary>Returns the family of <c>address[/prefix]</c>, or <see cref="AddressFamily.Unknown"/> when it does not parse.</summary>
    public static AddressFamily FamilyOf(string address) =>
        IPAddressParser.TryParseWithPrefix(address, out IPAddress parsed, out _, out _) ? parsed.AddressFamily : AddressFamily.Unknown;
}
