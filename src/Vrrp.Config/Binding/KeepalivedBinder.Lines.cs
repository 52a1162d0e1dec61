using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Config.Validation;

namespace Vrrp.Config.Binding;

// Value blocks, one item per line: virtual addresses with their options, unicast peers, tracked interfaces and scripts.
internal sealed partial class KeepalivedBinder
{
    private static readonly string[] s_scopes = ["global", "site", "link", "host", "nowhere"];

    /// <summary>Binds a value block (<c>virtual_ipaddress { }</c> and the like): one item per line.</summary>
    internal void BindLines<T>(ConfNode node, string path, List<T> target, Func<ConfNode, T?> bindLine)
        where T : class
    {
        if (RequireBlock(node) is not { } block)
        {
            return;
        }

        NoArguments(node);
        _sourceMap[path] = node.Span;
        foreach (ConfNode line in block)
        {
            NoBlock(line);
            if (bindLine(line) is { } item)
            {
                _sourceMap[path + ":" + target.Count.ToString(CultureInfo.InvariantCulture)] = line.Span;
                target.Add(item);
            }
        }
    }

    internal void BindRawLines(ConfNode node, string path, List<string> target)
    {
        if (node.Block is null)
        {
            return;
        }

        _sourceMap[path] = node.Span;
        foreach (ConfNode line in node.Block)
        {
            target.Add(line.ToString());
        }
    }

    internal VirtualIpAddressOptions? BindVirtualAddress(ConfNode line)
    {
        if (!IPAddressParser.TryParseWithPrefix(line.Name, out IPAddress address, out int? prefix, out bool prefixValid))
        {
            _diagnostics.Warning(line.Span, ConfigDiagnosticCodes.InvalidAddress, $"`{Shorten(line.Name)}` is not an IP address; it is skipped");
            return null;
        }

        var vip = new VirtualIpAddressOptions();
        int maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        string addressText = line.Name;
        if (!prefixValid || prefix > maxPrefix)
        {
            _diagnostics.Warning(line.Span, ConfigDiagnosticCodes.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"invalid prefix length in `{Shorten(line.Name)}`; /{maxPrefix} is used"));
            addressText = address + "/" + maxPrefix.ToString(CultureInfo.InvariantCulture);
        }

        vip.Address = addressText;
        List<string>? unsupported = null;
        IReadOnlyList<ConfToken> args = line.Arguments;
        for (int i = 0; i < args.Count; i++)
        {
            ConfToken option = args[i];
            switch (option.Text)
            {
                case "brd" or "dev" or "scope" or "label" or "peer" or "preferred_lft" or "valid_lft" or "metric":
                    if (i + 1 >= args.Count)
                    {
                        _diagnostics.Warning(option.Span, ConfigDiagnosticCodes.MissingArgument, $"`{option.Text}` needs a value after it");
                        break;
                    }

                    ConfToken value = args[++i];
                    switch (option.Text)
                    {
                        case "brd":
                            if (value.Text is "+" or "-" || IPAddressParser.TryParse(value.Text, out _))
                            {
                                vip.Broadcast = value.Text;
                            }
                            else
                            {
                                _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidAddress, $"invalid broadcast address `{Shorten(value.Text)}`; it is ignored");
                            }

                            break;
                        case "dev":
                            vip.Device = value.Text;
                            break;
                        case "scope":
                            if (Array.IndexOf(s_scopes, value.Text) >= 0 || (int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int scope) && scope <= 255))
                            {
                                vip.Scope = value.Text;
                            }
                            else
                            {
                                _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidValue, $"invalid scope `{Shorten(value.Text)}` for {address}; it is ignored", "write global, site, link, host or nowhere");
                            }

                            break;
                        case "label":
                            vip.Label = value.Text;
                            break;
                        default:
                            (unsupported ??= []).Add(option.Text + " " + value.Text);
                            _diagnostics.Warning(option.Span, ConfigDiagnosticCodes.NotImplemented, $"virtual address option `{option.Text}` is a keepalived option the Vrrp engine does not implement yet; it is ignored");
                            break;
                    }

                    break;
                case "home" or "-nodad" or "nodad" or "mngtmpaddr" or "noprefixroute" or "autojoin" or "no_track" or "use_vmac":
                    (unsupported ??= []).Add(option.Text);
                    _diagnostics.Warning(option.Span, ConfigDiagnosticCodes.NotImplemented, $"virtual address option `{option.Text}` is a keepalived option the Vrrp engine does not implement yet; it is ignored");
                    break;
                default:
                    _diagnostics.Warning(option.Span, ConfigDiagnosticCodes.InvalidValue, $"unknown option `{Shorten(option.Text)}` for an IP address; it is ignored", "options are brd, dev, scope, label, peer, ...");
                    break;
            }
        }

        if (unsupported is not null)
        {
            vip.UnsupportedOptions = string.Join(' ', unsupported);
        }

        return vip;
    }

    internal UnicastPeerOptions? BindUnicastPeer(ConfNode line)
    {
        if (!IPAddressParser.TryParse(line.Name, out _))
        {
            _diagnostics.Warning(line.Span, ConfigDiagnosticCodes.InvalidAddress, $"unicast peer `{Shorten(line.Name)}` is not an IP address; it is skipped");
            return null;
        }

        var peer = new UnicastPeerOptions { Address = line.Name };
        IReadOnlyList<ConfToken> args = line.Arguments;
        for (int i = 0; i < args.Count; i++)
        {
            ConfToken option = args[i];
            if (option.Text is "min_ttl" or "max_ttl" && i + 1 < args.Count)
            {
                ConfToken value = args[++i];
                if (ValueParser.TryParseInteger(value.Text, out long ttl) && ttl is >= 0 and <= 255)
                {
                    if (option.Text == "min_ttl")
                    {
                        peer.MinTtl = (int)ttl;
                    }
                    else
                    {
                        peer.MaxTtl = (int)ttl;
                    }
                }
                else
                {
                    _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidValue, $"`{option.Text}` must be from 0 to 255, not `{Shorten(value.Text)}`; it is ignored");
                }
            }
            else
            {
                _diagnostics.Warning(option.Span, ConfigDiagnosticCodes.InvalidValue, $"unknown unicast peer option `{Shorten(option.Text)}`; it is ignored", "options are min_ttl N and max_ttl N");
            }
        }

        return peer;
    }

    internal TrackInterfaceOptions? BindTrackInterface(ConfNode line)
    {
        var track = new TrackInterfaceOptions { Interface = line.Name };
        (track.Weight, track.Reverse) = TrackWeight(line);
        return track;
    }

    internal TrackScriptOptions? BindTrackScript(ConfNode line)
    {
        var track = new TrackScriptOptions { Script = line.Name };
        (track.Weight, track.Reverse) = TrackWeight(line);
        return track;
    }

    internal TrackReferenceOptions? BindTrackReference(ConfNode line)
    {
        var track = new TrackReferenceOptions { Name = line.Name };
        (track.Weight, track.Reverse) = TrackWeight(line, VrrpOptionLimits.MaxTrackerWeight);
        return track;
    }

    internal (int? Weight, bool Reverse) TrackWeight(ConfNode line, int maxWeight = VrrpLimits.MaxTrackWeight)
    {
        int? weight = null;
        bool reverse = false;
        IReadOnlyList<ConfToken> args = line.Arguments;
        for (int i = 0; i < args.Count; i++)
        {
            ConfToken option = args[i];
            switch (option.Text)
            {
                case "weight" when i + 1 < args.Count:
                    ConfToken value = args[++i];
                    if (ValueParser.TryParseInteger(value.Text, out long number) && number >= -maxWeight && number <= maxWeight)
                    {
                        weight = (int)number;
                    }
                    else
                    {
                        _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"weight for `{Shorten(line.Name)}` must be from {-maxWeight} to {maxWeight}, not `{Shorten(value.Text)}`; it is ignored"));
                    }

                    break;
                case "reverse":
                    reverse = true;
                    break;
                case "noreverse":
                    reverse = false;
                    break;
                default:
                    _diagnostics.Warning(option.Span, ConfigDiagnosticCodes.InvalidValue, $"unknown option `{Shorten(option.Text)}` after `{Shorten(line.Name)}`; it is ignored", "write `NAME weight W [reverse]`");
                    break;
            }
        }

        return (weight, reverse);
    }
}
