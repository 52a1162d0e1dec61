using System.Globalization;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Syntax;

namespace Vrrp.Config.Preprocessing;

// ~SEQ(var, start, step, end) line generators and the C number syntax they read.
internal sealed partial class KeepalivedPreprocessor
{
    /// <summary><c>~SEQ(var, end)</c>, <c>~SEQ(var, start, end)</c> or <c>~SEQ(var, start, step, end)</c> repeats the rest of the line; <c>~SEQx</c> gives hexadecimal values.</summary>
    private void Sequence(string text, string file, int lineNumber, int column, int depth)
    {
        var at = new SourceSpan(file, lineNumber, column);
        if (depth >= MaxSequenceNesting)
        {
            _diagnostics.Error(at, ConfigDiagnosticCodes.ExpansionTooLarge, string.Create(CultureInfo.InvariantCulture, $"`~SEQ` is nested more than {MaxSequenceNesting} deep"));
            return;
        }

        int i = 4;
        bool hex = i < text.Length && text[i] == 'x';
        if (hex)
        {
            i++;
        }

        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        int close = text.IndexOf(')', i);
        if (i >= text.Length || text[i] != '(' || close < 0)
        {
            ReportBadSequence(at, text);
            return;
        }

        string inside = text[(i + 1)..close];
        List<string>? ignored = null;
        if (inside.Contains('$', StringComparison.Ordinal) && Expand(inside, file, out string expandedInside, ref ignored))
        {
            inside = expandedInside;
        }

        string[] parts = inside.Split(',');
        string variable = parts[0].Trim();
        if (variable.Length == 0 || parts.Length < 2 || parts.Length > 4 || variable.AsSpan().IndexOfAny(" \t") >= 0)
        {
            ReportBadSequence(at, text);
            return;
        }

        var numbers = new long[parts.Length - 1];
        for (int k = 1; k < parts.Length; k++)
        {
            if (!TryParseCNumber(parts[k].Trim(), out numbers[k - 1]))
            {
                ReportBadSequence(at, text);
                return;
            }
        }

        long start;
        long step;
        long last;
        switch (numbers.Length)
        {
            case 1:
                last = numbers[0];
                step = last < 1 ? -1 : 1;
                start = last < 0 ? -1 : 1;
                break;
            case 2:
                start = numbers[0];
                last = numbers[1];
                step = start <= last ? 1 : -1;
                break;
            default:
                start = numbers[0];
                step = numbers[1];
                last = numbers[2];
                if (step == 0 || (start < last && step < 0) || (start > last && step > 0))
                {
                    _diagnostics.Warning(at, ConfigDiagnosticCodes.InvalidSequence, $"`~SEQ` values never reach the end: `{text[..(close + 1)]}`; the line is ignored");
                    return;
                }

                break;
        }

        if (hex && (start < 0 || last < 0))
        {
            _diagnostics.Warning(at, ConfigDiagnosticCodes.InvalidSequence, "`~SEQx` only takes positive numbers; the line is ignored");
            return;
        }

        string body = text[(close + 1)..].TrimStart(' ', '\t');
        int bodyColumn = column + (text.Length - body.Length);
        for (long value = start; step > 0 ? value <= last : value >= last; value += step)
        {
            var definition = new Definition();
            definition.Lines.Add(hex ? value.ToString("x", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture));
            _definitions[variable] = definition;
            if (body.Length > 0)
            {
                ProcessLogicalLine(body, file, lineNumber, bodyColumn, expanded: true, depth + 1);
            }

            if (_generationLimitReported)
            {
                return;
            }
        }
    }

    private void ReportBadSequence(SourceSpan at, string text) =>
        _diagnostics.Warning(at, ConfigDiagnosticCodes.InvalidSequence, $"invalid `~SEQ`: `{Shorten(text)}`; the line is ignored", "write `~SEQ(NAME, START, STEP, END) text`");

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    // strtol(..., 0): decimal, 0x hexadecimal, leading 0 octal, optional sign.
    private static bool TryParseCNumber(string text, out long value)
    {
        value = 0;
        bool negative = text.StartsWith('-');
        string digits = negative || text.StartsWith('+') ? text[1..] : text;
        bool ok;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = long.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            ok = true;
            foreach (char c in digits)
            {
                if (c is < '0' or > '7' || value > long.MaxValue / 8)
                {
                    ok = false;
                    break;
                }

                value = (value * 8) + (c - '0');
            }
        }
        else
        {
            ok = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (negative)
        {
            value = -value;
        }

        return ok && digits.Length > 0;
    }
}
