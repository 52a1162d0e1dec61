using System.Net.Sockets;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Config.Validation;
using Vrrp.Packets;

namespace Vrrp.Config.Binding;

internal sealed partial class KeepalivedBinder
{
    /// <summary>
    /// What keepalived does once everything is read: defaults that depend on other keywords, and values it corrects
    /// (and reports) rather than refuses. After this the options are what keepalived would run.
    /// </summary>
    private void ApplyKeepalivedAdjustments()
    {
        foreach ((string name, VrrpScriptOptions script) in _options.Scripts)
        {
            if (string.IsNullOrWhiteSpace(script.Script))
            {
                _diagnostics.Warning(SpanOf("Scripts:" + name), ConfigDiagnosticCodes.MissingArgument, $"vrrp_script {name} has no `script` line; the script is ignored");
                _options.Scripts.Remove(name);
            }
        }

        foreach ((string name, VrrpInstanceOptions instance) in _options.Instances)
        {
            string path = "Instances:" + name;
            SourceSpan? at = SpanOf(path);

            // keepalived gives an instance that asks to start as MASTER without a priority the owner's priority.
            if (instance.State == VrrpInitialState.Master && !_instancesWithPriority.Contains(path))
            {
                instance.Priority = 255;
            }

            AddressFamily family = KeepOneFamily(path, instance.VirtualIpAddresses, at);
            if (family == AddressFamily.InterNetworkV6)
            {
                // IPv6 exists only in VRRPv3; keepalived switches silently.
                instance.Version = VrrpVersion.V3;
            }

            VrrpVersion version = instance.Version ?? _options.GlobalDefinitions.VrrpVersion;
            TimeSpan advert = instance.AdvertisementInterval;
            SourceSpan? advertAt = SpanOf(path + ":AdvertisementInterval") ?? at;
            if (version == VrrpVersion.V2 && advert.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                TimeSpan rounded = TimeSpan.FromSeconds(Math.Max(1, Math.Round(advert.TotalSeconds, MidpointRounding.AwayFromZero)));
                _diagnostics.Warning(
                    advertAt,
                    ConfigDiagnosticCodes.InvalidValue,
                    $"VRRPv2 sends the advertisement interval in whole seconds: {VrrpLimits.FormatSeconds(advert)} is rounded to {VrrpLimits.FormatSeconds(rounded)}",
                    "use `version 3` for sub-second adverts");
                instance.AdvertisementInterval = rounded;
            }
            else if (version == VrrpVersion.V3 && advert > VrrpLimits.MaxV3AdvertisementInterval)
            {
                _diagnostics.Warning(advertAt, ConfigDiagnosticCodes.InvalidValue, $"VRRPv3 advertisement interval {VrrpLimits.FormatSeconds(advert)} is too long: the most is 40.95 s, which is used");
                instance.AdvertisementInterval = VrrpLimits.MaxV3AdvertisementInterval;
            }

            if (instance.Authentication is not null && version == VrrpVersion.V3)
            {
                _diagnostics.Warning(SpanOf(path + ":Authentication") ?? at, ConfigDiagnosticCodes.Conflict, "VRRPv3 has no authentication; the authentication block is ignored", "remove it, or use `version 2`");
                instance.Authentication = null;
            }

            if (!instance.Preempt)
            {
                SourceSpan? preemptAt = SpanOf(path + ":Preempt") ?? at;
                if (instance.Priority == 255)
                {
                    _diagnostics.Warning(preemptAt, ConfigDiagnosticCodes.Conflict, "nopreempt cannot apply to an address owner (priority 255); it is ignored, as keepalived ignores it");
                    instance.Preempt = true;
                }
                else if (instance.State == VrrpInitialState.Master)
                {
                    _diagnostics.Warning(preemptAt, ConfigDiagnosticCodes.Conflict, "nopreempt does not work with `state MASTER`; it is ignored, as keepalived ignores it", "use `state BACKUP` on every node with nopreempt");
                    instance.Preempt = true;
                }
            }

            if (instance.StrictMode ?? _options.GlobalDefinitions.Strict)
            {
                ApplyStrictMode(path, instance, version, at);
            }

            if (!instance.Preempt && instance.PreemptDelay > TimeSpan.Zero)
            {
                _diagnostics.Warning(SpanOf(path + ":PreemptDelay") ?? at, ConfigDiagnosticCodes.Conflict, "preempt_delay has no effect with nopreempt; it is reset to 0, as keepalived resets it", "remove one of the two");
                instance.PreemptDelay = TimeSpan.Zero;
            }
        }
    }

    /// <summary>
    /// <c>vrrp_strict</c> / <c>strict_mode</c>: keepalived reports, then corrects, what strict RFC conformance forbids
    /// (and <c>keepalived -t</c> exits non-zero for it), so the same findings are warnings here.
    /// </summary>
    private void ApplyStrictMode(string path, VrrpInstanceOptions instance, VrrpVersion version, SourceSpan? at)
    {
        const string Hint = "remove it, or turn off vrrp_strict / strict_mode";
        if (instance.State == VrrpInitialState.Master && instance.Priority != 255)
        {
            _diagnostics.Warning(SpanOf(path + ":State") ?? at, ConfigDiagnosticCodes.Conflict, "strict mode: `state MASTER` needs priority 255 (the address owner); the instance starts as BACKUP, as keepalived does", "use `state BACKUP`, or turn off vrrp_strict");
            instance.State = VrrpInitialState.Backup;
        }

        if (instance.Authentication is not null)
        {
            _diagnostics.Warning(SpanOf(path + ":Authentication") ?? at, ConfigDiagnosticCodes.Conflict, "strict mode does not support authentication; the authentication block is ignored, as keepalived ignores it", Hint);
            instance.Authentication = null;
        }

        if (instance.PreemptDelay > TimeSpan.Zero)
        {
            _diagnostics.Warning(SpanOf(path + ":PreemptDelay") ?? at, ConfigDiagnosticCodes.Conflict, "strict mode does not allow preempt_delay; it is reset to 0, as keepalived resets it", Hint);
            instance.PreemptDelay = TimeSpan.Zero;
        }

        if (instance.Accept == true && version == VrrpVersion.V2)
        {
            _diagnostics.Warning(SpanOf(path + ":Accept") ?? at, ConfigDiagnosticCodes.Conflict, "strict mode: accept mode does not comply with RFC 3768 for VRRPv2; it is turned off, as keepalived does", "use `version 3`, or `no_accept`");
            instance.Accept = false;
        }
    }

    /// <summary>keepalived takes the instance's family from its first address and drops addresses of the other family.</summary>
    private AddressFamily KeepOneFamily(string path, List<VirtualIpAddressOptions> addresses, SourceSpan? at)
    {
        AddressFamily family = AddressFamily.Unspecified;
        string listPath = path + ":VirtualIpAddresses";
        var kept = new List<(VirtualIpAddressOptions Address, SourceSpan? Span)>(addresses.Count);
        for (int i = 0; i < addresses.Count; i++)
        {
            SourceSpan? span = SpanOf(listPath + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddressFamily current = VrrpOptionLimits.FamilyOf(addresses[i].Address);
            if (family == AddressFamily.Unspecified)
            {
                family = current;
            }
            else if (current != family)
            {
                _diagnostics.Warning(
                    span ?? at,
                    ConfigDiagnosticCodes.AddressFamilyMismatch,
                    $"{addresses[i].Address} is not of the instance's address family ({(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")}, from its first address); it is ignored",
                    "use one instance per family, or virtual_ipaddress_excluded");
                continue;
            }

            kept.Add((addresses[i], span));
        }

        if (kept.Count != addresses.Count)
        {
            addresses.Clear();
            for (int i = 0; i < kept.Count; i++)
            {
                string key = listPath + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (kept[i].Span is { } span)
                {
                    _sourceMap[key] = span;
                }

                addresses.Add(kept[i].Address);
            }
        }

        return family;
    }

    private SourceSpan? SpanOf(string path) => _sourceMap.TryGetValue(path, out SourceSpan span) ? span : null;
}
