using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Syntax;
using Vrrp.Config.Validation;
using Vrrp.Packets;

namespace Vrrp.Config.Binding;

// How one statement's values are read: arity, blocks, numbers, times, flags, addresses and commands, each reporting
// what it cannot use and what it replaces, as keepalived reports it.
internal sealed partial class KeepalivedBinder
{
    // keepalived reads vrrp_garp_interval / vrrp_gna_interval in [0.000001, 4294.967295] s and reports 0, a value
    // found in many published configurations, as invalid while still starting: warn and keep "no delay".
    internal TimeSpan PacingInterval(ConfNode node, string section, string property)
    {
        NoBlock(node);
        if (!Word(node, out ConfToken value))
        {
            return TimeSpan.Zero;
        }

        if (!ValueParser.TryParseTimer(value.Text, out TimeSpan interval))
        {
            _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name}` needs a time in seconds, not `{value.Text}`; it is ignored");
            return TimeSpan.Zero;
        }

        Record(section + ":" + property, value);
        if (interval == TimeSpan.Zero)
        {
            _diagnostics.Warning(
                value.Span,
                ConfigDiagnosticCodes.InvalidValue,
                $"`{node.Name} 0` is outside keepalived's range {VrrpOptionLimits.PacingIntervalRange}; keepalived reports it and runs without a delay, and so does Vrrp",
                $"remove the line, which means the same");
        }
        else if (interval > VrrpOptionLimits.MaxPacingInterval)
        {
            _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name} {value.Text}` is outside {VrrpOptionLimits.PacingIntervalRange}; it is ignored");
            return TimeSpan.Zero;
        }

        return interval;
    }

    internal IReadOnlyList<ConfNode>? RequireBlock(ConfNode node)
    {
        if (node.Block is null)
        {
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.MissingBlock, $"`{node.Name}` needs a `{{ }}` block", "put `{` after the keyword, on the same or the next line");
        }

        return node.Block;
    }

    internal void NoBlock(ConfNode node)
    {
        if (node.Block is not null && node.BlockStart is { } start)
        {
            _diagnostics.Warning(start, ConfigDiagnosticCodes.UnexpectedBlock, $"`{node.Name}` takes no `{{ }}` block; the block is ignored", "keepalived reads one statement per line: is a line break missing?");
        }
    }

    internal void NoArguments(ConfNode node) => ExtraArguments(node, 0);

    internal void ExtraArguments(ConfNode node, int allowed)
    {
        if (node.Arguments.Count > allowed)
        {
            ConfToken extra = node.Arguments[allowed];
            _diagnostics.Warning(
                extra.Span,
                ConfigDiagnosticCodes.ExtraArgument,
                $"`{node.Name}` takes {(allowed == 0 ? "no value" : allowed == 1 ? "one value" : allowed.ToString(CultureInfo.InvariantCulture) + " values")}; `{Shorten(extra.Text)}` and what follows are ignored",
                "keepalived reads one statement per line: is a line break missing?");
        }
    }

    internal bool Word(ConfNode node, out ConfToken value, int maxArguments = 1)
    {
        NoBlock(node);
        if (node.Arguments.Count == 0)
        {
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.MissingArgument, $"`{node.Name}` needs a value; it is ignored");
            value = default;
            return false;
        }

        ExtraArguments(node, maxArguments);
        value = node.Arguments[0];
        return true;
    }

    internal bool Integer(ConfNode node, long min, long max, out int value)
    {
        value = 0;
        if (!Parsed(node, ValueParser.TryParseInteger, "a whole number", out ConfToken token, out long number))
        {
            return false;
        }

        if (number < min || number > max)
        {
            _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"`{node.Name} {number}` is outside [{min}, {max}]; it is ignored"));
            return false;
        }

        value = (int)number;
        return true;
    }

    internal bool Timer(ConfNode node, TimeSpan min, TimeSpan max, out TimeSpan value)
    {
        if (!Parsed(node, ValueParser.TryParseTimer, "a time in seconds (fractions allowed)", out ConfToken token, out value))
        {
            return false;
        }

        if (value < min || value > max)
        {
            _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name} {token.Text}` is outside [{VrrpLimits.FormatSeconds(min)}, {VrrpLimits.FormatSeconds(max)}]; it is ignored");
            value = TimeSpan.Zero;
            return false;
        }

        return true;
    }

    private delegate bool TryParseValue<T>(string text, out T value);

    /// <summary>The keyword's one word as <paramref name="expected"/>; warns (the keyword is ignored) when it is missing or not one.</summary>
    private bool Parsed<T>(ConfNode node, TryParseValue<T> tryParse, string expected, out ConfToken token, out T value)
    {
        value = default!;
        if (!Word(node, out token))
        {
            return false;
        }

        if (!tryParse(token.Text, out value))
        {
            _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name}` needs {expected}, not `{Shorten(token.Text)}`; it is ignored");
            return false;
        }

        return true;
    }

    /// <summary>A keyword alone means true; keepalived also accepts on/off, true/false, yes/no after it.</summary>
    internal bool Flag(ConfNode node, string section, string property)
    {
        NoBlock(node);
        _sourceMap[section + ":" + property] = node.Span;
        if (node.Arguments.Count == 0)
        {
            return true;
        }

        ExtraArguments(node, 1);
        if (ValueParser.TryParseBoolean(node.Arguments[0].Text, out bool value))
        {
            return value;
        }

        _diagnostics.Warning(node.Arguments[0].Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name}` takes on/off, true/false or yes/no, not `{Shorten(node.Arguments[0].Text)}`; it is taken as on");
        return true;
    }

    internal bool Version(ConfNode node, out VrrpVersion version)
    {
        version = VrrpVersion.V2;
        if (!Integer(node, 2, 3, out int number))
        {
            return false;
        }

        version = number == 3 ? VrrpVersion.V3 : VrrpVersion.V2;
        return true;
    }

    internal bool Address(ConfNode node, AddressFamily family, out ConfToken value)
    {
        if (!Word(node, out value))
        {
            return false;
        }

        if (!IPAddressParser.TryParse(value.Text, out IPAddress address) || address.AddressFamily != family)
        {
            _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidAddress, $"`{node.Name}` needs an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address, not `{Shorten(value.Text)}`; it is ignored");
            return false;
        }

        return true;
    }

    /// <summary>A command line: one quoted word, or the words of the rest of the line.</summary>
    internal string? Command(ConfNode node, string path)
    {
        NoBlock(node);
        if (node.Arguments.Count == 0)
        {
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.MissingArgument, $"`{node.Name}` needs a command; it is ignored");
            return null;
        }

        _sourceMap[path] = node.Arguments[0].Span;
        if (node.Arguments.Count == 1)
        {
            return node.Arguments[0].Text;
        }

        var words = new string[node.Arguments.Count];
        for (int i = 0; i < words.Length; i++)
        {
            ConfToken token = node.Arguments[i];
            words[i] = token.IsQuoted ? "\"" + token.Text + "\"" : token.Text;
        }

        return string.Join(' ', words);
    }

    internal int? AtLeastOne(ConfNode node, string path)
    {
        if (!Word(node, out ConfToken token))
        {
            return null;
        }

        _sourceMap[path] = token.Span;
        if (!ValueParser.TryParseInteger(token.Text, out long value) || value > int.MaxValue)
        {
            _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name}` needs a whole number, not `{Shorten(token.Text)}`; it is ignored");
            return null;
        }

        if (value < 1)
        {
            _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name}` must be at least 1; 1 is used");
            return 1;
        }

        return (int)value;
    }

    internal bool CheckAddress(ConfNode node, ConfToken token)
    {
        if (IPAddressParser.TryParse(token.Text, out _))
        {
            return true;
        }

        _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidAddress, $"`{node.Name}` needs an IP address, not `{Shorten(token.Text)}`; it is ignored");
        return false;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
