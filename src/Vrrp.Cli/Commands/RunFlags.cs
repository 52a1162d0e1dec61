using System;
using System.Collections.Generic;
using System.Globalization;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Validation;
using Vrrp.Packets;

namespace Vrrp.Cli.Commands;

/// <summary>
/// The flags of <c>vrrp run --interface IF --vrid N ...</c> as written. They become the same <see cref="VrrpOptions"/>
/// a keepalived.conf with one <c>vrrp_instance</c> gives (<see cref="Apply"/>), checked by the same validator; a flag
/// is only the label of the option it sets (<see cref="Validate"/>).
/// </summary>
internal sealed record RunFlags
{
    public required string InterfaceName { get; init; }

    public int VirtualRouterId { get; init; }

    /// <summary>Gets the priority, or null for the options' default (100).</summary>
    public int? Priority { get; init; }

    public IReadOnlyList<string> VirtualAddresses { get; init; } = [];

    /// <summary>Gets the version, or null for keepalived's default: 2 for IPv4, 3 for IPv6.</summary>
    public int? Version { get; init; }

    /// <summary>Gets the advertisement interval in seconds, or null for the options' default (1 s).</summary>
    public decimal? AdvertInterval { get; init; }

    public string? UnicastSource { get; init; }

    public IReadOnlyList<string> UnicastPeers { get; init; } = [];

    public string? AuthPass { get; init; }

    public bool NoPreempt { get; init; }

    public decimal PreemptDelay { get; init; }

    /// <summary>Gets the instance name, or null for <c>VI_&lt;vrid&gt;</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the delay of the second GARP burst in seconds, or null for keepalived's default (5 s).</summary>
    public decimal? GarpMasterDelay { get; init; }

    /// <summary>Gets the announcements per address in a burst, or null for keepalived's default (5).</summary>
    public int? GarpMasterRepeat { get; init; }

    /// <summary>Gets the refresh period in seconds, or null for keepalived's default (off).</summary>
    public decimal? GarpMasterRefresh { get; init; }

    /// <summary>Gets whether the VIPs go on a VMAC interface (<c>--use-vmac</c>).</summary>
    public bool UseVirtualMac { get; init; }

    /// <summary>Gets the VMAC interface name (<c>--use-vmac NAME</c>), or null for vrrp.VRID.</summary>
    public string? VirtualMacName { get; init; }

    /// <summary>Gets whether adverts leave from the interface rather than the VMAC (<c>--vmac-xmit-base</c>).</summary>
    public bool VirtualMacTransmitBase { get; init; }

    public string InstanceName => Name ?? string.Create(CultureInfo.InvariantCulture, $"VI_{VirtualRouterId}");

    /// <summary>Adds the one instance the flags describe (the <c>AddVrrp().Configure(...)</c> callback).</summary>
    public void Apply(VrrpOptions options)
    {
        // The GARP flags set the global values: with one instance they are its values, and keepalived's lower-priority
        // announcements fall back to the global ones, as they fell back to these flags before flags went through hosting.
        // Flags not given keep the options' own defaults, so each default is written once.
        GlobalDefinitionsOptions global = options.GlobalDefinitions;
        global.GarpMasterDelay = GarpMasterDelay is { } delay ? Seconds(delay) : global.GarpMasterDelay;
        global.GarpMasterRepeat = GarpMasterRepeat ?? global.GarpMasterRepeat;
        global.GarpMasterRefresh = GarpMasterRefresh is { } refresh ? Seconds(refresh) : global.GarpMasterRefresh;
        var instance = new VrrpInstanceOptions
        {
            Interface = InterfaceName,
            VirtualRouterId = VirtualRouterId,
            Version = Version is { } version ? (VrrpVersion)Math.Clamp(version, 0, byte.MaxValue) : null,
            UnicastSourceAddress = UnicastSource,
            Authentication = AuthPass is null ? null : new VrrpAuthenticationOptions { Type = VrrpAuthType.SimpleText, Password = AuthPass },
            Preempt = !NoPreempt,
            PreemptDelay = Seconds(PreemptDelay),
            UseVirtualMac = UseVirtualMac,
            VirtualMacInterface = VirtualMacName,
            VirtualMacTransmitBase = VirtualMacTransmitBase,
        };
        instance.Priority = Priority ?? instance.Priority;
        instance.AdvertisementInterval = AdvertInterval is { } advert ? Seconds(advert) : instance.AdvertisementInterval;
        foreach (string vip in VirtualAddresses)
        {
            instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = vip });
        }

        foreach (string peer in UnicastPeers)
        {
            instance.UnicastPeers.Add(new UnicastPeerOptions { Address = peer });
        }

        options.Instances[InstanceName] = instance;
    }

    /// <summary>
    /// Checks the options the flags make with <see cref="VrrpOptionsValidator"/> and returns its errors, each positioned
    /// at the flag that set the option (<c>--vrid: error: ...</c>) instead of the option path.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var options = new VrrpOptions();
        Apply(options);
        var errors = new List<string>();
        foreach (ConfigDiagnostic problem in VrrpOptionsValidator.GetProblems(options))
        {
            if (problem.Severity == ConfigDiagnosticSeverity.Error)
            {
                errors.Add((problem with { OptionPath = FlagOf(problem.OptionPath) ?? problem.OptionPath }).ToString());
            }
        }

        return errors;
    }

    /// <summary>Returns the flag that sets an option (<c>Instances:VI_5:VirtualRouterId</c> is <c>--vrid</c>), or null.</summary>
    private string? FlagOf(string? optionPath)
    {
        string instancePrefix = "Instances:" + InstanceName + ":";
        string? option = optionPath switch
        {
            null => null,
            _ when optionPath.StartsWith(instancePrefix, StringComparison.Ordinal) => optionPath[instancePrefix.Length..],
            _ when optionPath.StartsWith("GlobalDefinitions:", StringComparison.Ordinal) => optionPath["GlobalDefinitions:".Length..],
            _ => null,
        };
        return option?.Split(':')[0] switch
        {
            nameof(VrrpInstanceOptions.Interface) => "--interface",
            nameof(VrrpInstanceOptions.VirtualRouterId) => "--vrid",
            nameof(VrrpInstanceOptions.Priority) => "--priority",
            nameof(VrrpInstanceOptions.VirtualIpAddresses) => "--vip",
            nameof(VrrpInstanceOptions.Version) => "--version",
            nameof(VrrpInstanceOptions.AdvertisementInterval) => "--advert-interval",
            nameof(VrrpInstanceOptions.UnicastSourceAddress) => "--unicast-src",
            nameof(VrrpInstanceOptions.UnicastPeers) => "--unicast-peer",
            nameof(VrrpInstanceOptions.Authentication) => "--auth-pass",
            nameof(VrrpInstanceOptions.Preempt) => "--nopreempt",
            nameof(VrrpInstanceOptions.PreemptDelay) => "--preempt-delay",
            nameof(VrrpInstanceOptions.GarpMasterDelay) => "--garp-master-delay",
            nameof(VrrpInstanceOptions.GarpMasterRepeat) => "--garp-master-repeat",
            nameof(VrrpInstanceOptions.GarpMasterRefresh) => "--garp-master-refresh",
            _ => null,
        };
    }

    /// <summary>Converts seconds as written to a <see cref="TimeSpan"/>, saturating far outside any range so the validator reports them.</summary>
    private static TimeSpan Seconds(decimal seconds)
    {
        const decimal Limit = 900_000_000_000m;
        return TimeSpan.FromTicks((long)(Math.Clamp(seconds, -Limit, Limit) * TimeSpan.TicksPerSecond));
    }
}
