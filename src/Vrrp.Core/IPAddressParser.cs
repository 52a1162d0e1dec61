using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vrrp;

/// <summary>
/// Parses addresses as <c>inet_pton</c> does, the one parser every way in (keepalived.conf, appsettings, <c>vrrp run</c>
/// flags) uses. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone is too lenient for configuration: it
/// takes <c>10.1</c> for 10.0.0.1 and accepts IPv6 scope ids, so a typo would silently become another address.
/// </summary>
public static class IPAddressParser
{
    /// <summary>Parses an IPv4 dotted quad or an IPv6 address (no short IPv4 forms, no scope ids).</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address, or <see cref="IPAddress.None"/> when the text is not one.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an address.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            if (text.Contains('%') || !IPAddress.TryParse(text, out IPAddress? v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        int dots = 0;
        foreach (char c in text)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        if (dots != 3 || !IPAddress.TryParse(text, out IPAddress? v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    /// <summary>Parses <c>address[/prefix]</c>; the prefix is returned as written, its range is checked by the caller.</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address.</param>
    /// <param name="prefixLength">The prefix length, or <see langword="null"/> when none is written.</param>
    /// <param name="prefixValid"><see langword="false"/> when a prefix is written but is not a number.</param>
    /// <returns><see langword="true"/> when the address part parses.</returns>
    public static bool TryParseWithPrefix(ReadOnlySpan<char> text, out IPAddress address, out int? prefixLength, out bool prefixValid)
    {
        prefixLength = null;
        prefixValid = true;
        int slash = text.IndexOf('/');
        if (!TryParse(slash < 0 ? text : text[..slash], out address))
        {
            return false;
        }

        if (slash >= 0)
        {
            if (int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int length))
            {
                prefixLength = length;
            }
            else
            {
                prefixValid = false;
            }
        }

        return true;
    }

    /// <summary>Returns the longest prefix of <paramref name="family"/>: 32 for IPv4, 128 for IPv6.</summary>
    /// <param name="family">The address family.</param>
    /// <returns>The number of bits in an address.</returns>
    public static int MaxPrefixLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;
}
