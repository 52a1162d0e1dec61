using System.Globalization;

namespace Vrrp.Config.Binding;

/// <summary>keepalived's value syntaxes: decimal integers, &lt;TIMER&gt; fractional seconds, &lt;BOOL&gt;, addresses.</summary>
internal static class ValueParser
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static bool TryParseInteger(string text, out long value)
    {
        ReadOnlySpan<char> digits = text;
        bool negative = false;
        if (digits.Length > 0 && (digits[0] == '-' || digits[0] == '+'))
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }

        if (digits.Length == 0 || digits.Length > 18 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>Parses a &lt;TIMER&gt;: non-negative fractional seconds, with microsecond resolution as keepalived reads them.</summary>
    public static bool TryParseTimer(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        ReadOnlySpan<char> whole = dot < 0 ? text : text.AsSpan(0, dot);
        ReadOnlySpan<char> fraction = dot < 0 ? [] : text.AsSpan(dot + 1);
        if ((whole.Length == 0 && fraction.Length == 0) || whole.Length > 9)
        {
            return false;
        }

        long seconds = 0;
        if (whole.Length > 0 && !long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
        {
            return false;
        }

        long micros = 0;
        int digits = 0;
        foreach (char c in fraction)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            if (digits < 6)
            {
                micros = (micros * 10) + (c - '0');
                digits++;
            }
        }

        for (; digits < 6; digits++)
        {
            micros *= 10;
        }

        value = TimeSpan.FromTicks(((seconds * 1_000_000) + micros) * TicksPerMicrosecond);
        return true;
    }

    /// <summary>keepalived's &lt;BOOL&gt;: on/true/yes or off/false/no.</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text)
        {
            case "on" or "true" or "yes":
                value = true;
                return true;
            case "off" or "false" or "no":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
