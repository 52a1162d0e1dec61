using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Packets;

namespace Vrrp.Config.Binding;

/// <summary>
/// Binds keepalived statements to <see cref="VrrpOptions"/>. Like keepalived, a bad value is reported and replaced by
/// the default (or adjusted as keepalived adjusts it), so the options that come out are what keepalived would run;
/// every value assigned is recorded in a side table option path -> <see cref="SourceSpan"/> for later diagnostics.
/// </summary>
internal sealed partial class KeepalivedBinder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, SourceSpan> _sourceMap;
    private readonly VrrpOptions _options = new();
    private readonly HashSet<string> _instancesWithPriority = new(StringComparer.Ordinal);

    public KeepalivedBinder(DiagnosticBag diagnostics, Dictionary<string, SourceSpan> sourceMap)
    {
        _diagnostics = diagnostics;
        _sourceMap = sourceMap;
    }

    public VrrpOptions Bind(IReadOnlyList<ConfNode> document)
    {
        foreach (ConfNode node in document)
        {
            BindTopLevel(node);
        }

        ApplyKeepalivedAdjustments();
        return _options;
    }

    private void BindTopLevel(ConfNode node)
    {
        switch (node.Name)
        {
            case "global_defs":
                if (RequireBlock(node) is { } global)
                {
                    NoArguments(node);
                    BindGlobal(global);
                }

                break;
            case "vrrp_instance":
                BindNamedBlock(node, _options.Instances, "vrrp instance", "Instances", BindInstance);
                break;
            case "vrrp_script":
                BindNamedBlock(node, _options.Scripts, "vrrp script", "Scripts", BindScript);
                break;
            case "vrrp_sync_group":
                BindNamedBlock(node, _options.SyncGroups, "vrrp sync group", "SyncGroups", BindSyncGroup);
                break;
            default:
                ReportUnhandled(KeywordContext.TopLevel, node);
                break;
        }
    }

    private void BindNamedBlock<T>(ConfNode node, Dictionary<string, T> target, string what, string section, Action<string, T, IReadOnlyList<ConfNode>> bind)
        where T : new()
    {
        IReadOnlyList<ConfNode>? block = RequireBlock(node);
        if (node.Arguments.Count == 0)
        {
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.MissingArgument, $"`{node.Name}` needs a name; the block is ignored", $"write `{node.Name} NAME {{`");
            return;
        }

        ExtraArguments(node, 1);
        string name = node.Arguments[0].Text;
        if (target.ContainsKey(name))
        {
            SourceSpan? first = _sourceMap.TryGetValue(Path(section, name), out SourceSpan span) ? span : null;
            _diagnostics.Warning(node.Arguments[0].Span, ConfigDiagnosticCodes.DuplicateName, $"{what} {name} is already defined{(first is { } f ? " at " + f : string.Empty)}; this one is ignored");
            return;
        }

        if (block is null)
        {
            return;
        }

        var options = new T();
        target[name] = options;
        _sourceMap[Path(section, name)] = node.Arguments[0].Span;
        bind(Path(section, name), options, block);
    }

    private void BindGlobal(IReadOnlyList<ConfNode> block)
    {
        GlobalDefinitionsOptions global = _options.GlobalDefinitions;
        const string P = "GlobalDefinitions";
        foreach (ConfNode node in block)
        {
            switch (node.Name)
            {
                case "router_id":
                    if (Word(node, out ConfToken routerId))
                    {
                        global.RouterId = routerId.Text;
                        Record(P, nameof(global.RouterId), routerId);
                    }

                    break;
                case "vrrp_version":
                    if (Version(node, out VrrpVersion version))
                    {
                        global.VrrpVersion = version;
                        Record(P, nameof(global.VrrpVersion), node.Arguments[0]);
                    }

                    break;
                case "vrrp_mcast_group4":
                    if (Address(node, AddressFamily.InterNetwork, out ConfToken group4))
                    {
                        global.MulticastGroup4 = group4.Text;
                        Record(P, nameof(global.MulticastGroup4), group4);
                    }

                    break;
                case "vrrp_mcast_group6":
                    if (Address(node, AddressFamily.InterNetworkV6, out ConfToken group6))
                    {
                        global.MulticastGroup6 = group6.Text;
                        Record(P, nameof(global.MulticastGroup6), group6);
                    }

                    break;
                case "vrrp_strict":
                    global.Strict = Flag(node, P, nameof(global.Strict));
                    break;
                case "vrrp_skip_check_adv_addr":
                    global.SkipCheckAdvertisementAddresses = Flag(node, P, nameof(global.SkipCheckAdvertisementAddresses));
                    break;
                case "vrrp_check_unicast_src":
                    global.CheckUnicastSource = Flag(node, P, nameof(global.CheckUnicastSource));
                    break;
                case "vrrp_drop_adv_addr_mismatch":
                    global.DropAddressListMismatch = Flag(node, P, nameof(global.DropAddressListMismatch));
                    break;
                case "enable_script_security":
                    global.EnableScriptSecurity = Flag(node, P, nameof(global.EnableScriptSecurity));
                    break;
                case "vrrp_garp_master_delay":
                    if (Timer(node, TimeSpan.Zero, TimeSpan.FromSeconds(4294), out TimeSpan delay))
                    {
                        global.GarpMasterDelay = delay;
                        Record(P, nameof(global.GarpMasterDelay), node.Arguments[0]);
                    }

                    break;
                case "vrrp_garp_master_repeat":
                    if (Integer(node, 1, int.MaxValue, out int repeat))
                    {
                        global.GarpMasterRepeat = repeat;
                        Record(P, nameof(global.GarpMasterRepeat), node.Arguments[0]);
                    }

                    break;
                case "vrrp_garp_master_refresh":
                    if (Timer(node, TimeSpan.Zero, TimeSpan.FromSeconds(4294), out TimeSpan refresh))
                    {
                        global.GarpMasterRefresh = refresh;
                        Record(P, nameof(global.GarpMasterRefresh), node.Arguments[0]);
                    }

                    break;
                case "vrrp_garp_master_refresh_repeat":
                    if (Integer(node, 1, int.MaxValue, out int refreshRepeat))
                    {
                        global.GarpMasterRefreshRepeat = refreshRepeat;
                        Record(P, nameof(global.GarpMasterRefreshRepeat), node.Arguments[0]);
                    }

                    break;
                case "vrrp_garp_lower_prio_repeat":
                    if (Integer(node, 0, int.MaxValue, out int lowerRepeat))
                    {
                        global.GarpLowerPriorityRepeat = lowerRepeat;
                        Record(P, nameof(global.GarpLowerPriorityRepeat), node.Arguments[0]);
                    }

                    break;
                case "vrrp_garp_lower_prio_delay":
                    if (Timer(node, TimeSpan.Zero, TimeSpan.FromSeconds(4294), out TimeSpan lowerDelay))
                    {
                        global.GarpLowerPriorityDelay = lowerDelay;
                        Record(P, nameof(global.GarpLowerPriorityDelay), node.Arguments[0]);
                    }

                    break;
                case "vrrp_higher_prio_send_advert":
                    global.HigherPrioritySendAdvert = Flag(node, P, nameof(global.HigherPrioritySendAdvert));
                    break;
                case "vrrp_garp_interval":
                    global.GarpInterval = PacingInterval(node, P, nameof(global.GarpInterval));
                    break;
                case "vrrp_gna_interval":
                    global.GnaInterval = PacingInterval(node, P, nameof(global.GnaInterval));
                    break;
                case "script_user":
                    if (Word(node, out ConfToken user, maxArguments: 2))
                    {
                        global.ScriptUser = user.Text;
                        global.ScriptGroup = node.Arguments.Count > 1 ? node.Arguments[1].Text : null;
                        Record(P, nameof(global.ScriptUser), user);
                    }

                    break;
                default:
                    ReportUnhandled(KeywordContext.GlobalDefinitions, node);
                    break;
            }
        }
    }

    // keepalived reads vrrp_garp_interval / vrrp_gna_interval in [0.000001, 4294.967295] s and reports 0, a value
    // found in many published configurations, as invalid while still starting: warn and keep "no delay".
    private TimeSpan PacingInterval(ConfNode node, string section, string property)
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

        Record(section, property, value);
        if (interval == TimeSpan.Zero)
        {
            _diagnostics.Warning(
                value.Span,
                ConfigDiagnosticCodes.InvalidValue,
                $"`{node.Name} 0` is outside keepalived's range [0.000001, 4294.967295] s; keepalived reports it and runs without a delay, and so does Vrrp",
                $"remove the line, which means the same");
        }
        else if (interval > TimeSpan.FromSeconds(4294.967295))
        {
            _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name} {value.Text}` is outside [0.000001, 4294.967295] s; it is ignored");
            return TimeSpan.Zero;
        }

        return interval;
    }

    private static string Path(params string[] parts) => string.Join(':', parts);

    private void Record(string section, string property, ConfToken token) => _sourceMap[section + ":" + property] = token.Span;

    private void Record(string path, ConfToken token) => _sourceMap[path] = token.Span;

    private void ReportUnhandled(KeywordContext context, ConfNode node)
    {
        switch (KeepalivedKeywords.GetSupport(context, node.Name))
        {
            case KeywordSupport.NotImplemented:
                ReportNotImplemented(context, node);
                break;
            default:
                _diagnostics.Warning(
                    node.Span,
                    ConfigDiagnosticCodes.UnknownKeyword,
                    $"unknown keyword `{Shorten(node.Name)}` in {KeepalivedKeywords.BlockName(context)}; it is ignored{(node.Block is null ? string.Empty : " with its block")}",
                    KeywordSuggester.Suggest(context, node.Name));
                break;
        }
    }

    private void ReportNotImplemented(KeywordContext context, ConfNode node) =>
        _diagnostics.Warning(
            node.Span,
            ConfigDiagnosticCodes.NotImplemented,
            $"`{node.Name}` (in {KeepalivedKeywords.BlockName(context)}) is a keepalived keyword the Vrrp engine does not implement yet; it is ignored");

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";

    private IReadOnlyList<ConfNode>? RequireBlock(ConfNode node)
    {
        if (node.Block is null)
        {
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.MissingBlock, $"`{node.Name}` needs a `{{ }}` block", "put `{` after the keyword, on the same or the next line");
        }

        return node.Block;
    }

    private void NoBlock(ConfNode node)
    {
        if (node.Block is not null && node.BlockStart is { } start)
        {
            _diagnostics.Warning(start, ConfigDiagnosticCodes.UnexpectedBlock, $"`{node.Name}` takes no `{{ }}` block; the block is ignored", "keepalived reads one statement per line: is a line break missing?");
        }
    }

    private void NoArguments(ConfNode node) => ExtraArguments(node, 0);

    private void ExtraArguments(ConfNode node, int allowed)
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

    private bool Word(ConfNode node, out ConfToken value, int maxArguments = 1)
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

    private bool Integer(ConfNode node, long min, long max, out int value)
    {
        value = 0;
        if (!Word(node, out ConfToken token))
        {
            return false;
        }

        if (!ValueParser.TryParseInteger(token.Text, out long number))
        {
            _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name}` needs a whole number, not `{Shorten(token.Text)}`; it is ignored");
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

    private bool Timer(ConfNode node, TimeSpan min, TimeSpan max, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!Word(node, out ConfToken token))
        {
            return false;
        }

        if (!ValueParser.TryParseTimer(token.Text, out TimeSpan parsed))
        {
            _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name}` needs a time in seconds (fractions allowed), not `{Shorten(token.Text)}`; it is ignored");
            return false;
        }

        if (parsed < min || parsed > max)
        {
            _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidValue, $"`{node.Name} {token.Text}` is outside [{ValueParser.FormatSeconds(min)}, {ValueParser.FormatSeconds(max)}]; it is ignored");
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>A keyword alone means true; keepalived also accepts on/off, true/false, yes/no after it.</summary>
    private bool Flag(ConfNode node, string section, string property)
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

    private bool Version(ConfNode node, out VrrpVersion version)
    {
        version = VrrpVersion.V2;
        if (!Integer(node, 2, 3, out int number))
        {
            return false;
        }

        version = number == 3 ? VrrpVersion.V3 : VrrpVersion.V2;
        return true;
    }

    private bool Address(ConfNode node, AddressFamily family, out ConfToken value)
    {
        if (!Word(node, out value))
        {
            return false;
        }

        if (!ValueParser.TryParseAddress(value.Text, out IPAddress address) || address.AddressFamily != family)
        {
            _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidAddress, $"`{node.Name}` needs an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address, not `{Shorten(value.Text)}`; it is ignored");
            return false;
        }

        return true;
    }

    /// <summary>A command line: one quoted word, or the words of the rest of the line.</summary>
    private string? Command(ConfNode node, string path)
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
}
