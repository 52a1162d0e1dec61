namespace Vrrp.Hosting.Tracking;

/// <summary>
/// Reads a track_file's content as keepalived does (<c>strtol(text, NULL, 0)</c>): leading blanks, a sign, then a
/// decimal, <c>0x</c> hexadecimal or <c>0</c> octal number up to the first other character. No number at all (an empty
/// file, a word) is 0; a number outside the 32-bit range is ignored, keeping the previous value.
/// </summary>
internal static class TrackFileValue
{
    private const long Max = (long)int.MaxValue + 1;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <returns>The value, or <see langword="null"/> when it is out of range and must be ignored.</returns>
    public static long? Parse(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        int radix = 10;
        if (i + 1 < text.Length && text[i] == '0' && text[i + 1] is 'x' or 'X' && i + 2 < text.Length && Digit(text[i + 2], 16) >= 0)
        {
            radix = 16;
            i += 2;
        }
        else if (i < text.Length && text[i] == '0')
        {
            radix = 8;
        }

        long value = 0;
        for (; i < text.Length && Digit(text[i], radix) is int digit and >= 0; i++)
        {
            value = (value * radix) + digit;
            if (value > Max)
            {
                return null;
            }
        }

        value = negative ? -value : value;
        return value < int.MinValue ? null : value;
    }

    private static int Digit(char c, int radix)
    {
        int digit = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return digit < radix ? digit : -1;
    }
}
