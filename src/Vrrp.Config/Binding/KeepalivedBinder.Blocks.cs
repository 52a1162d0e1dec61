using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Packets;

namespace Vrrp.Config.Binding;

internal sealed partial class KeepalivedBinder
{
    private static readonly string[] s_scopes = ["global", "site", "link", "host", "nowhere"];

    private void BindInstance(string path, VrrpInstanceOptions instance, IReadOnlyList<ConfNode> block)
    {
        foreach (ConfNode node in block)
        {
            switch (node.Name)
            {
                case "state":
                    if (Word(node, out ConfToken state))
                    {
                        Record(path + ":State", state);
                        switch (state.Text)
                        {
                            case "MASTER":
                                instance.State = VrrpInitialState.Master;
                                break;
                            case "BACKUP":
                                instance.State = VrrpInitialState.Backup;
                                break;
                            default:
                                _diagnostics.Warning(state.Span, ConfigDiagnosticCodes.InvalidValue, $"unknown state `{Shorten(state.Text)}`; BACKUP is used", "write MASTER or BACKUP");
                                instance.State = VrrpInitialState.Backup;
                                break;
                        }
                    }

                    break;
                case "interface":
                    if (Word(node, out ConfToken name))
                    {
                        instance.Interface = name.Text;
                        Record(path + ":Interface", name);
                    }

                    break;
                case "virtual_router_id":
                    if (Word(node, out ConfToken vrid))
                    {
                        Record(path + ":VirtualRouterId", vrid);
                        if (ValueParser.TryParseInteger(vrid.Text, out long id) && id is >= 1 and <= 255)
                        {
                            instance.VirtualRouterId = (int)id;
                        }
                        else
                        {
                            instance.VirtualRouterId = 0;
                            _diagnostics.Error(vrid.Span, ConfigDiagnosticCodes.InvalidValue, $"virtual_router_id `{Shorten(vrid.Text)}` is not valid: it must be a number from 1 to 255; the instance cannot run without one");
                        }
                    }

                    break;
                case "priority":
                    if (Word(node, out ConfToken priority))
                    {
                        Record(path + ":Priority", priority);
                        _instancesWithPriority.Add(path);
                        if (ValueParser.TryParseInteger(priority.Text, out long value) && value is >= 1 and <= 255)
                        {
                            instance.Priority = (int)value;
                        }
                        else
                        {
                            instance.Priority = 100;
                            _diagnostics.Warning(priority.Span, ConfigDiagnosticCodes.InvalidValue, $"priority `{Shorten(priority.Text)}` is not valid: it must be from 1 to 255; the default 100 is used");
                        }
                    }

                    break;
                case "advert_int":
                    if (Timer(node, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(255), out TimeSpan advert))
                    {
                        instance.AdvertisementInterval = advert;
                        Record(path + ":AdvertisementInterval", node.Arguments[0]);
                    }

                    break;
                case "version":
                    if (Version(node, out VrrpVersion version))
                    {
                        instance.Version = version;
                        Record(path + ":Version", node.Arguments[0]);
                    }

                    break;
                case "authentication":
                    if (RequireBlock(node) is { } authentication)
                    {
                        NoArguments(node);
                        BindAuthentication(path + ":Authentication", node, instance, authentication);
                    }

                    break;
                case "nopreempt":
                    NoArguments(node);
                    NoBlock(node);
                    instance.Preempt = false;
                    _sourceMap[path + ":Preempt"] = node.Span;
                    break;
                case "preempt":
                    NoArguments(node);
                    NoBlock(node);
                    instance.Preempt = true;
                    _sourceMap[path + ":Preempt"] = node.Span;
                    break;
                case "preempt_delay":
                    if (Timer(node, TimeSpan.Zero, TimeSpan.FromSeconds(1000), out TimeSpan preemptDelay))
                    {
                        instance.PreemptDelay = preemptDelay;
                        Record(path + ":PreemptDelay", node.Arguments[0]);
                    }

                    break;
                case "unicast_src_ip":
                    if (Word(node, out ConfToken unicastSource) && CheckAddress(node, unicastSource))
                    {
                        instance.UnicastSourceAddress = unicastSource.Text;
                        Record(path + ":UnicastSourceAddress", unicastSource);
                    }

                    break;
                case "mcast_src_ip":
                    if (Word(node, out ConfToken multicastSource) && CheckAddress(node, multicastSource))
                    {
                        instance.MulticastSourceAddress = multicastSource.Text;
                        Record(path + ":MulticastSourceAddress", multicastSource);
                    }

                    break;
                case "mcast_dst_ip":
                    if (Word(node, out ConfToken multicastDestination) && CheckAddress(node, multicastDestination))
                    {
                        instance.MulticastDestinationAddress = multicastDestination.Text;
                        Record(path + ":MulticastDestinationAddress", multicastDestination);
                    }

                    break;
                case "unicast_peer":
                    BindLines(node, path + ":UnicastPeers", instance.UnicastPeers, BindUnicastPeer);
                    break;
                case "virtual_ipaddress":
                    BindLines(node, path + ":VirtualIpAddresses", instance.VirtualIpAddresses, BindVirtualAddress);
                    break;
                case "virtual_ipaddress_excluded":
                    BindLines(node, path + ":ExcludedVirtualIpAddresses", instance.ExcludedVirtualIpAddresses, BindVirtualAddress);
                    break;
                case "track_interface":
                    BindLines(node, path + ":TrackInterfaces", instance.TrackInterfaces, BindTrackInterface);
                    break;
                case "track_script":
                    BindLines(node, path + ":TrackScripts", instance.TrackScripts, BindTrackScript);
                    break;
                case "notify_master":
                    instance.NotifyMaster = Command(node, path + ":NotifyMaster") ?? instance.NotifyMaster;
                    break;
                case "notify_backup":
                    instance.NotifyBackup = Command(node, path + ":NotifyBackup") ?? instance.NotifyBackup;
                    break;
                case "notify_fault":
                    instance.NotifyFault = Command(node, path + ":NotifyFault") ?? instance.NotifyFault;
                    break;
                case "notify_stop":
                    instance.NotifyStop = Command(node, path + ":NotifyStop") ?? instance.NotifyStop;
                    break;
                case "notify":
                    instance.Notify = Command(node, path + ":Notify") ?? instance.Notify;
                    break;
                case "garp_master_delay":
                    if (Timer(node, TimeSpan.Zero, TimeSpan.FromSeconds(4294), out TimeSpan garpDelay))
                    {
                        instance.GarpMasterDelay = garpDelay;
                        Record(path + ":GarpMasterDelay", node.Arguments[0]);
                    }

                    break;
                case "garp_master_repeat":
                    instance.GarpMasterRepeat = AtLeastOne(node, path + ":GarpMasterRepeat") ?? instance.GarpMasterRepeat;
                    break;
                case "garp_master_refresh":
                    if (Timer(node, TimeSpan.Zero, TimeSpan.FromSeconds(4294), out TimeSpan garpRefresh))
                    {
                        instance.GarpMasterRefresh = garpRefresh;
                        Record(path + ":GarpMasterRefresh", node.Arguments[0]);
                    }

                    break;
                case "garp_master_refresh_repeat":
                    instance.GarpMasterRefreshRepeat = AtLeastOne(node, path + ":GarpMasterRefreshRepeat") ?? instance.GarpMasterRefreshRepeat;
                    break;
                case "accept":
                    instance.Accept = Flag(node, path, "Accept");
                    break;
                case "no_accept":
                    instance.Accept = !Flag(node, path, "Accept");
                    if (instance.Accept == false)
                    {
                        // keepalived drops traffic to the VIPs with iptables/nftables; Vrrp installs no filter.
                        _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.NotEnforced, "no_accept is not enforced: the virtual addresses accept traffic while master, as with `accept`", "filter traffic to the virtual addresses yourself (nftables) if you rely on it");
                    }

                    break;
                case "native_ipv6":
                    instance.NativeIpv6 = Flag(node, path, "NativeIpv6");
                    break;
                case "dont_track_primary":
                    instance.DontTrackPrimary = Flag(node, path, "DontTrackPrimary");
                    break;
                case "skip_check_adv_addr":
                    instance.SkipCheckAdvertisementAddresses = Flag(node, path, "SkipCheckAdvertisementAddresses");
                    break;
                case "check_unicast_src":
                    instance.CheckUnicastSource = Flag(node, path, "CheckUnicastSource");
                    break;
                case "drop_adv_addr_mismatch":
                    instance.DropAddressListMismatch = Flag(node, path, "DropAddressListMismatch");
                    break;
                case "lower_prio_no_advert":
                    instance.LowerPriorityNoAdvert = Flag(node, path, "LowerPriorityNoAdvert");
                    break;
                case "higher_prio_send_advert":
                    instance.HigherPrioritySendAdvert = Flag(node, path, "HigherPrioritySendAdvert");
                    break;
                case "garp_lower_prio_repeat":
                    if (Integer(node, 0, int.MaxValue, out int lowerRepeat))
                    {
                        instance.GarpLowerPriorityRepeat = lowerRepeat;
                        Record(path + ":GarpLowerPriorityRepeat", node.Arguments[0]);
                    }

                    break;
                case "garp_lower_prio_delay":
                    if (Timer(node, TimeSpan.Zero, TimeSpan.FromSeconds(4294), out TimeSpan lowerDelay))
                    {
                        instance.GarpLowerPriorityDelay = lowerDelay;
                        Record(path + ":GarpLowerPriorityDelay", node.Arguments[0]);
                    }

                    break;
                case "strict_mode":
                    instance.StrictMode = Flag(node, path, "StrictMode");
                    break;
                case "use_vmac":
                    NoBlock(node);
                    instance.UseVirtualMac = true;
                    instance.VirtualMacInterface = node.Arguments.Count > 0 && !node.Arguments[0].Text.Contains(':', StringComparison.Ordinal) ? node.Arguments[0].Text : null;
                    _sourceMap[path + ":UseVirtualMac"] = node.Span;
                    if (node.Arguments.Any(a => a.Text.Contains(':', StringComparison.Ordinal)))
                    {
                        _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.NotImplemented, "`use_vmac` with a MAC address is not implemented yet; the VMAC gets the virtual router MAC 00:00:5e:00:01:VRID (00:00:5e:00:02:VRID for IPv6)");
                    }

                    break;
                case "vmac_xmit_base":
                    instance.VirtualMacTransmitBase = Flag(node, path, "VirtualMacTransmitBase");
                    break;

                // Recognised, bound where the options have a place for them, and reported as not implemented.
                case "smtp_alert":
                    instance.SmtpAlert = Flag(node, path, "SmtpAlert");
                    ReportNotImplemented(KeywordContext.Instance, node);
                    break;
                case "virtual_routes":
                    BindRawLines(node, path + ":VirtualRoutes", instance.VirtualRoutes);
                    ReportNotImplemented(KeywordContext.Instance, node);
                    break;
                case "virtual_rules":
                    BindRawLines(node, path + ":VirtualRules", instance.VirtualRules);
                    ReportNotImplemented(KeywordContext.Instance, node);
                    break;
                case "track_file":
                    BindRawLines(node, path + ":TrackFiles", instance.TrackFiles);
                    ReportNotImplemented(KeywordContext.Instance, node);
                    break;
                case "track_process":
                    BindRawLines(node, path + ":TrackProcesses", instance.TrackProcesses);
                    ReportNotImplemented(KeywordContext.Instance, node);
                    break;
                default:
                    ReportUnhandled(KeywordContext.Instance, node);
                    break;
            }
        }

        CheckDuplicateAddresses(path, instance);
    }

    private int? AtLeastOne(ConfNode node, string path)
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

    // keepalived 2.3 rejects an address listed twice in one instance; the error points at the second occurrence.
    private void CheckDuplicateAddresses(string path, VrrpInstanceOptions instance)
    {
        string who = "vrrp_instance " + path[(path.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var seen = new Dictionary<IPAddress, SourceSpan?>();
        CheckDuplicates(seen, instance.VirtualIpAddresses, path + ":VirtualIpAddresses", v => v.Address, who, "virtual address");
        CheckDuplicates(seen, instance.ExcludedVirtualIpAddresses, path + ":ExcludedVirtualIpAddresses", v => v.Address, who, "virtual address");
        seen.Clear();
        CheckDuplicates(seen, instance.UnicastPeers, path + ":UnicastPeers", p => p.Address, who, "unicast peer");
    }

    private void CheckDuplicates<T>(Dictionary<IPAddress, SourceSpan?> seen, List<T> items, string path, Func<T, string> text, string who, string what)
    {
        for (int i = 0; i < items.Count; i++)
        {
            string value = text(items[i]);
            int slash = value.IndexOf('/', StringComparison.Ordinal);
            if (!ValueParser.TryParseAddress(slash < 0 ? value : value[..slash], out IPAddress address))
            {
                continue;
            }

            SourceSpan? span = _sourceMap.TryGetValue(path + ":" + i.ToString(CultureInfo.InvariantCulture), out SourceSpan found) ? found : null;
            if (seen.TryGetValue(address, out SourceSpan? first))
            {
                string at = first is { } f ? string.Create(CultureInfo.InvariantCulture, $" (first at line {f.Line})") : string.Empty;
                _diagnostics.Error(span, ConfigDiagnosticCodes.DuplicateAddress, $"{who}: {what} {address} is listed twice{at}", "remove one of the two lines");
            }
            else
            {
                seen[address] = span;
            }
        }
    }

    private bool CheckAddress(ConfNode node, ConfToken token)
    {
        if (ValueParser.TryParseAddress(token.Text, out _))
        {
            return true;
        }

        _diagnostics.Warning(token.Span, ConfigDiagnosticCodes.InvalidAddress, $"`{node.Name}` needs an IP address, not `{Shorten(token.Text)}`; it is ignored");
        return false;
    }

    private void BindAuthentication(string path, ConfNode owner, VrrpInstanceOptions instance, IReadOnlyList<ConfNode> block)
    {
        var authentication = new VrrpAuthenticationOptions();
        bool typeSet = false;
        foreach (ConfNode node in block)
        {
            switch (node.Name)
            {
                case "auth_type":
                    if (Word(node, out ConfToken type))
                    {
                        Record(path + ":Type", type);
                        switch (type.Text)
                        {
                            case "PASS":
                                authentication.Type = VrrpAuthType.SimpleText;
                                typeSet = true;
                                break;
                            case "AH":
                                authentication.Type = VrrpAuthType.IpAuthenticationHeader;
                                typeSet = true;
                                break;
                            default:
                                _diagnostics.Warning(type.Span, ConfigDiagnosticCodes.InvalidValue, $"unknown authentication type `{Shorten(type.Text)}`", "write PASS (or AH)");
                                break;
                        }
                    }

                    break;
                case "auth_pass":
                    if (Word(node, out ConfToken password))
                    {
                        Record(path + ":Password", password);
                        string text = password.Text;
                        if (text.Length > 8)
                        {
                            _diagnostics.Warning(password.Span, ConfigDiagnosticCodes.Truncated, $"auth_pass is longer than 8 characters; it is cut to `{text[..8]}` as keepalived cuts it", "use at most 8 characters, the size of the VRRPv2 authentication field");
                            text = text[..8];
                        }

                        authentication.Password = text;
                    }

                    break;
                default:
                    ReportUnhandled(KeywordContext.Authentication, node);
                    break;
            }
        }

        if (!typeSet)
        {
            return;
        }

        if (string.IsNullOrEmpty(authentication.Password))
        {
            _diagnostics.Warning(owner.Span, ConfigDiagnosticCodes.MissingArgument, "authentication has an auth_type but no auth_pass; authentication is ignored", "add `auth_pass PASSWORD`");
            return;
        }

        instance.Authentication = authentication;
        _sourceMap[path] = owner.Span;
    }

    /// <summary>Binds a value block (<c>virtual_ipaddress { }</c> and the like): one item per line.</summary>
    private void BindLines<T>(ConfNode node, string path, List<T> target, Func<ConfNode, T?> bindLine)
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

    private void BindRawLines(ConfNode node, string path, List<string> target)
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

    private VirtualIpAddressOptions? BindVirtualAddress(ConfNode line)
    {
        if (!ValueParser.TryParseAddressWithPrefix(line.Name, out IPAddress address, out int? prefix, out bool prefixValid))
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
                            if (value.Text is "+" or "-" || ValueParser.TryParseAddress(value.Text, out _))
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

    private UnicastPeerOptions? BindUnicastPeer(ConfNode line)
    {
        if (!ValueParser.TryParseAddress(line.Name, out _))
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

    private TrackInterfaceOptions? BindTrackInterface(ConfNode line)
    {
        var track = new TrackInterfaceOptions { Interface = line.Name };
        (track.Weight, track.Reverse) = TrackWeight(line);
        return track;
    }

    private TrackScriptOptions? BindTrackScript(ConfNode line)
    {
        var track = new TrackScriptOptions { Script = line.Name };
        (track.Weight, track.Reverse) = TrackWeight(line);
        return track;
    }

    private (int? Weight, bool Reverse) TrackWeight(ConfNode line)
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
                    if (ValueParser.TryParseInteger(value.Text, out long number) && number is >= -253 and <= 253)
                    {
                        weight = (int)number;
                    }
                    else
                    {
                        _diagnostics.Warning(value.Span, ConfigDiagnosticCodes.InvalidValue, $"weight for `{Shorten(line.Name)}` must be from -253 to 253, not `{Shorten(value.Text)}`; it is ignored");
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

    private void BindScript(string path, VrrpScriptOptions script, IReadOnlyList<ConfNode> block)
    {
        foreach (ConfNode node in block)
        {
            switch (node.Name)
            {
                case "script":
                    script.Script = Command(node, path + ":Script") ?? script.Script;
                    break;
                case "interval":
                    if (Word(node, out ConfToken interval))
                    {
                        Record(path + ":Interval", interval);
                        if (ValueParser.TryParseTimer(interval.Text, out TimeSpan value) && value > TimeSpan.Zero)
                        {
                            script.Interval = value;
                        }
                        else
                        {
                            _diagnostics.Warning(interval.Span, ConfigDiagnosticCodes.InvalidValue, $"script interval must be a time greater than 0, not `{Shorten(interval.Text)}`; 1 s is used");
                            script.Interval = TimeSpan.FromSeconds(1);
                        }
                    }

                    break;
                case "timeout":
                    if (Timer(node, TimeSpan.Zero, TimeSpan.FromSeconds(4294), out TimeSpan timeout))
                    {
                        script.Timeout = timeout;
                        Record(path + ":Timeout", node.Arguments[0]);
                    }

                    break;
                case "weight":
                    NoBlock(node);
                    if (node.Arguments.Count == 0)
                    {
                        _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.MissingArgument, "`weight` needs a value; it is ignored");
                        break;
                    }

                    ExtraArguments(node, node.Arguments.Count > 1 && node.Arguments[1].Text == "reverse" ? 2 : 1);
                    if (ValueParser.TryParseInteger(node.Arguments[0].Text, out long weight) && weight is >= -253 and <= 253)
                    {
                        script.Weight = (int)weight;
                        script.WeightReverse = node.Arguments.Count > 1 && node.Arguments[1].Text == "reverse";
                        Record(path + ":Weight", node.Arguments[0]);
                    }
                    else
                    {
                        _diagnostics.Warning(node.Arguments[0].Span, ConfigDiagnosticCodes.InvalidValue, $"script weight must be from -253 to 253, not `{Shorten(node.Arguments[0].Text)}`; it is ignored");
                    }

                    break;
                case "rise":
                    script.Rise = AtLeastOne(node, path + ":Rise") ?? script.Rise;
                    break;
                case "fall":
                    script.Fall = AtLeastOne(node, path + ":Fall") ?? script.Fall;
                    break;
                case "user":
                    if (Word(node, out ConfToken user, maxArguments: 2))
                    {
                        script.User = user.Text;
                        script.Group = node.Arguments.Count > 1 ? node.Arguments[1].Text : null;
                        Record(path + ":User", user);
                    }

                    break;
                case "init_fail":
                    script.InitFail = Flag(node, path, "InitFail");
                    break;
                default:
                    ReportUnhandled(KeywordContext.Script, node);
                    break;
            }
        }
    }

    private void BindSyncGroup(string path, VrrpSyncGroupOptions group, IReadOnlyList<ConfNode> block)
    {
        foreach (ConfNode node in block)
        {
            switch (node.Name)
            {
                case "group":
                    if (RequireBlock(node) is { } members)
                    {
                        _sourceMap[path + ":Group"] = node.Span;
                        foreach (ConfNode member in members)
                        {
                            NoBlock(member);
                            ExtraArguments(member, 0);
                            _sourceMap[path + ":Group:" + group.Group.Count.ToString(CultureInfo.InvariantCulture)] = member.Span;
                            group.Group.Add(member.Name);
                        }
                    }

                    break;
                case "track_interface":
                    BindLines(node, path + ":TrackInterfaces", group.TrackInterfaces, BindTrackInterface);
                    break;
                case "track_script":
                    BindLines(node, path + ":TrackScripts", group.TrackScripts, BindTrackScript);
                    break;
                case "notify_master":
                    group.NotifyMaster = Command(node, path + ":NotifyMaster") ?? group.NotifyMaster;
                    break;
                case "notify_backup":
                    group.NotifyBackup = Command(node, path + ":NotifyBackup") ?? group.NotifyBackup;
                    break;
                case "notify_fault":
                    group.NotifyFault = Command(node, path + ":NotifyFault") ?? group.NotifyFault;
                    break;
                case "notify_stop":
                    group.NotifyStop = Command(node, path + ":NotifyStop") ?? group.NotifyStop;
                    break;
                case "notify":
                    group.Notify = Command(node, path + ":Notify") ?? group.Notify;
                    break;
                case "smtp_alert":
                    group.SmtpAlert = Flag(node, path, "SmtpAlert");
                    ReportNotImplemented(KeywordContext.SyncGroup, node);
                    break;
                default:
                    ReportUnhandled(KeywordContext.SyncGroup, node);
                    break;
            }
        }
    }
}
