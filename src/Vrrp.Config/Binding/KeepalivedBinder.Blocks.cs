using System.Collections.Frozen;
using System.Globalization;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Packets;

namespace Vrrp.Config.Binding;

// The keywords whose reading is more than a value: each is the mapping of one KeywordTable entry.
internal sealed partial class KeepalivedBinder
{
    // keepalived's words for the two enumerated values, compared case-sensitively.
    private static readonly FrozenDictionary<string, VrrpInitialState> s_states = new Dictionary<string, VrrpInitialState>
    {
        ["MASTER"] = VrrpInitialState.Master,
        ["BACKUP"] = VrrpInitialState.Backup,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, VrrpAuthType> s_authTypes = new Dictionary<string, VrrpAuthType>
    {
        ["PASS"] = VrrpAuthType.SimpleText,
        ["AH"] = VrrpAuthType.IpAuthenticationHeader,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    internal void BindState(ConfNode node, BindScope scope, VrrpInstanceOptions instance)
    {
        if (!Word(node, out ConfToken state))
        {
            return;
        }

        Record(scope.Of(nameof(instance.State)), state);
        if (!s_states.TryGetValue(state.Text, out VrrpInitialState initial))
        {
            _diagnostics.Warning(state.Span, ConfigDiagnosticCodes.InvalidValue, $"unknown state `{Shorten(state.Text)}`; BACKUP is used", "write MASTER or BACKUP");
            initial = VrrpInitialState.Backup;
        }

        instance.State = initial;
    }

    internal void BindVirtualRouterId(ConfNode node, BindScope scope, VrrpInstanceOptions instance)
    {
        if (!Word(node, out ConfToken vrid))
        {
            return;
        }

        Record(scope.Of(nameof(instance.VirtualRouterId)), vrid);
        if (ValueParser.TryParseInteger(vrid.Text, out long id) && VrrpLimits.IsValidVirtualRouterId(id))
        {
            instance.VirtualRouterId = (int)id;
        }
        else
        {
            instance.VirtualRouterId = 0;
            _diagnostics.Error(vrid.Span, ConfigDiagnosticCodes.InvalidValue, $"virtual_router_id `{Shorten(vrid.Text)}` is not valid: it must be a number from {VrrpLimits.VirtualRouterIdRange}; the instance cannot run without one");
        }
    }

    internal void BindPriority(ConfNode node, BindScope scope, VrrpInstanceOptions instance)
    {
        if (!Word(node, out ConfToken priority))
        {
            return;
        }

        Record(scope.Of(nameof(instance.Priority)), priority);
        _instancesWithPriority.Add(scope.Path);
        if (ValueParser.TryParseInteger(priority.Text, out long value) && VrrpLimits.IsValidPriority(value))
        {
            instance.Priority = (int)value;
        }
        else
        {
            instance.Priority = 100;
            _diagnostics.Warning(priority.Span, ConfigDiagnosticCodes.InvalidValue, $"priority `{Shorten(priority.Text)}` is not valid: it must be from {VrrpLimits.PriorityRange}; the default 100 is used");
        }
    }

    internal void BindPreempt(ConfNode node, BindScope scope, VrrpInstanceOptions instance, bool preempt)
    {
        NoArguments(node);
        NoBlock(node);
        instance.Preempt = preempt;
        _sourceMap[scope.Of(nameof(instance.Preempt))] = node.Span;
    }

    internal void BindNoAccept(ConfNode node, BindScope scope, VrrpInstanceOptions instance)
    {
        instance.Accept = !Flag(node, scope.Path, nameof(instance.Accept));
        if (instance.Accept == false)
        {
            // keepalived drops traffic to the VIPs with iptables/nftables; Vrrp installs no filter.
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.NotEnforced, "no_accept is not enforced: the virtual addresses accept traffic while master, as with `accept`", "filter traffic to the virtual addresses yourself (nftables) if you rely on it");
        }
    }

    internal void BindUseVirtualMac(ConfNode node, BindScope scope, VrrpInstanceOptions instance)
    {
        NoBlock(node);
        instance.UseVirtualMac = true;
        instance.VirtualMacInterface = node.Arguments.Count > 0 && !node.Arguments[0].Text.Contains(':', StringComparison.Ordinal) ? node.Arguments[0].Text : null;
        _sourceMap[scope.Of(nameof(instance.UseVirtualMac))] = node.Span;
        if (node.Arguments.Any(a => a.Text.Contains(':', StringComparison.Ordinal)))
        {
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.NotImplemented, "`use_vmac` with a MAC address is not implemented yet; the VMAC gets the virtual router MAC 00:00:5e:00:01:VRID (00:00:5e:00:02:VRID for IPv6)");
        }
    }

    internal void BindAuthentication(string path, ConfNode owner, VrrpInstanceOptions instance, IReadOnlyList<ConfNode> block)
    {
        var authentication = new VrrpAuthenticationOptions();
        BindBlock(KeywordContext.Authentication, new BindScope(path, authentication), block);
        if (authentication.Type == VrrpAuthType.None)
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

    internal void BindAuthType(ConfNode node, BindScope scope, VrrpAuthenticationOptions authentication)
    {
        if (!Word(node, out ConfToken type))
        {
            return;
        }

        Record(scope.Of(nameof(authentication.Type)), type);
        if (s_authTypes.TryGetValue(type.Text, out VrrpAuthType authType))
        {
            authentication.Type = authType;
        }
        else
        {
            _diagnostics.Warning(type.Span, ConfigDiagnosticCodes.InvalidValue, $"unknown authentication type `{Shorten(type.Text)}`", "write PASS (or AH)");
        }
    }

    internal void BindAuthPass(ConfNode node, BindScope scope, VrrpAuthenticationOptions authentication)
    {
        if (!Word(node, out ConfToken password))
        {
            return;
        }

        Record(scope.Of(nameof(authentication.Password)), password);
        string text = password.Text;
        const int Max = VrrpLimits.MaxAuthenticationPasswordLength;
        if (text.Length > Max)
        {
            _diagnostics.Warning(password.Span, ConfigDiagnosticCodes.Truncated, $"auth_pass is longer than {Max} characters; it is cut to `{text[..Max]}` as keepalived cuts it", $"use at most {Max} characters, the size of the VRRPv2 authentication field");
            text = text[..Max];
        }

        authentication.Password = text;
    }

    internal void BindScriptInterval(ConfNode node, BindScope scope, VrrpScriptOptions script)
    {
        if (!Word(node, out ConfToken interval))
        {
            return;
        }

        Record(scope.Of(nameof(script.Interval)), interval);
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

    internal void BindScriptWeight(ConfNode node, BindScope scope, VrrpScriptOptions script)
    {
        if (DefaultWeight(node, scope.Of(nameof(script.Weight)), VrrpLimits.MaxTrackWeight, out int weight, out bool reverse))
        {
            script.Weight = weight;
            script.WeightReverse = reverse;
        }
    }

    /// <summary>A block's own <c>weight W [reverse]</c> (vrrp_script, track_file, vrrp_track_process).</summary>
    internal bool DefaultWeight(ConfNode node, string path, int maxWeight, out int weight, out bool reverse)
    {
        NoBlock(node);
        weight = 0;
        reverse = false;
        if (node.Arguments.Count == 0)
        {
            _diagnostics.Warning(node.Span, ConfigDiagnosticCodes.MissingArgument, "`weight` needs a value; it is ignored");
            return false;
        }

        reverse = node.Arguments.Count > 1 && node.Arguments[1].Text == "reverse";
        ExtraArguments(node, reverse ? 2 : 1);
        if (ValueParser.TryParseInteger(node.Arguments[0].Text, out long number) && number >= -maxWeight && number <= maxWeight)
        {
            weight = (int)number;
            Record(path, node.Arguments[0]);
            return true;
        }

        _diagnostics.Warning(node.Arguments[0].Span, ConfigDiagnosticCodes.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"weight must be from {-maxWeight} to {maxWeight}, not `{Shorten(node.Arguments[0].Text)}`; it is ignored"));
        return false;
    }

    internal void BindGroupMembers(ConfNode node, BindScope scope, VrrpSyncGroupOptions group)
    {
        if (RequireBlock(node) is not { } members)
        {
            return;
        }

        string path = scope.Of(nameof(group.Group));
        _sourceMap[path] = node.Span;
        foreach (ConfNode member in members)
        {
            NoBlock(member);
            ExtraArguments(member, 0);
            _sourceMap[path + ":" + group.Group.Count.ToString(CultureInfo.InvariantCulture)] = member.Span;
            group.Group.Add(member.Name);
        }
    }
}
