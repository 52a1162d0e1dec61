using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Vrrp.Config.Binding;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Packets;

namespace Vrrp.Config.Validation;

/// <summary>
/// Checks <see cref="VrrpOptions"/> however they were made (keepalived.conf, appsettings.json, code): ranges
/// (VRID and priority 1..255, the advertisement interval per VRRP version, 8-character passwords), addresses and
/// their families, duplicate VRIDs on an interface, references to scripts and instances. <see cref="Validate"/> fails
/// with every error at once; <see cref="GetProblems(VrrpOptions)"/> also returns the warnings.
/// </summary>
public sealed partial class VrrpOptionsValidator : IValidateOptions<VrrpOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, VrrpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        foreach (ConfigDiagnostic problem in GetProblems(options))
        {
            if (problem.Severity == ConfigDiagnosticSeverity.Error)
            {
                builder.AddError(problem.Message, problem.OptionPath);
            }
        }

        return builder.Build();
    }

    /// <summary>Returns every error and warning about <paramref name="options"/>, each with its <see cref="ConfigDiagnostic.OptionPath"/>.</summary>
    /// <param name="options">The options to check.</param>
    /// <returns>The problems, in option order; empty when there are none.</returns>
    public static IReadOnlyList<ConfigDiagnostic> GetProblems(VrrpOptions options) => Check(options, null).Diagnostics;

    /// <summary>
    /// Returns every error and warning about <paramref name="options"/>, each labelled with where its value came from:
    /// the label of its option path in <paramref name="sources"/>, or of the nearest enclosing path that has one.
    /// </summary>
    /// <param name="options">The options to check.</param>
    /// <param name="sources">
    /// Option path to source label, for example <c>Instances:VI_1:Priority</c> to <c>--priority</c> for options built from
    /// command-line flags (<c>Instances:VI_1</c> labels everything of that instance); <see langword="null"/> for none, and
    /// then <see cref="ConfigDiagnostic.OptionPath"/>, the configuration path below the options section, says where.
    /// </param>
    /// <returns>The problems, in option order; empty when there are none.</returns>
    public static IReadOnlyList<ConfigDiagnostic> GetProblems(VrrpOptions options, IReadOnlyDictionary<string, string>? sources) =>
        Check(options, sources).Diagnostics;

    /// <summary>
    /// Checks <paramref name="options"/> against every rule that would stop them from running, and returns the problems
    /// with the typed values (addresses parsed once, keepalived's derived defaults resolved) of each instance without errors.
    /// </summary>
    /// <param name="options">The options to check.</param>
    /// <param name="sources">Option path to source label, as for <see cref="GetProblems(VrrpOptions, IReadOnlyDictionary{string, string})"/>.</param>
    /// <returns>The diagnostics and the validated instances.</returns>
    public static ValidatedVrrpOptions Check(VrrpOptions options, IReadOnlyDictionary<string, string>? sources = null) => Check(options, sources, null);

    /// <summary>As <see cref="Check(VrrpOptions, IReadOnlyDictionary{string, string})"/>; <paramref name="spans"/> (keepalived.conf) lets messages name the line of a first occurrence.</summary>
    internal static ValidatedVrrpOptions Check(VrrpOptions options, IReadOnlyDictionary<string, string>? sources, IReadOnlyDictionary<string, SourceSpan>? spans)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new Problems();
        var context = new Context(options, spans);
        CheckGlobal(options.GlobalDefinitions, problems);
        foreach ((string name, VrrpScriptOptions script) in options.Scripts)
        {
            CheckScript("Scripts:" + name, name, script, problems);
        }

        CheckTrackers(options, problems);
        Dictionary<string, string> groupOf = MapSyncGroups(options, out Dictionary<string, IReadOnlyList<string>> groups);
        var instances = new List<ValidatedInstance>(options.Instances.Count);
        foreach ((string name, VrrpInstanceOptions instance) in options.Instances)
        {
            if (CheckInstance(name, instance, groupOf.GetValueOrDefault(name), context, problems) is { } validated)
            {
                instances.Add(validated);
            }
        }

        foreach ((string name, VrrpSyncGroupOptions group) in options.SyncGroups)
        {
            CheckSyncGroup(name, group, options, groupOf, problems);
        }

        CheckScriptSecurity(options, problems);
        Label(problems.List, sources);
        Label(problems.Notes, sources);
        return new ValidatedVrrpOptions(options)
        {
            Instances = instances,
            SyncGroups = groups,
            Diagnostics = problems.List,
            Notes = problems.Notes,
            HasErrors = problems.ErrorCount() > 0,
        };
    }

    /// <summary>
    /// Checks VIP commands given to one instance outside its options (<c>UseVipCommands</c> in code) by the same rules as
    /// <see cref="VrrpInstanceOptions.VipCommands"/>; each problem's <see cref="ConfigDiagnostic.OptionPath"/> is
    /// <c>Instances:NAME:VipCommands:...</c>.
    /// </summary>
    /// <param name="instanceName">The instance the commands belong to.</param>
    /// <param name="commands">The commands.</param>
    /// <returns>The errors and warnings; empty when the commands can run.</returns>
    public static IReadOnlyList<ConfigDiagnostic> GetProblems(string instanceName, VrrpVipCommandOptions commands)
    {
        ArgumentNullException.ThrowIfNull(instanceName);
        ArgumentNullException.ThrowIfNull(commands);
        var problems = new Problems();
        if (string.IsNullOrWhiteSpace(commands.Take))
        {
            problems.Error("Instances:" + instanceName + ":VipCommands:Take", ConfigDiagnosticCodes.Required, $"vrrp_instance {instanceName}: VIP commands need a take command (vip_take_command)");
            return problems.List;
        }

        CheckVipCommands("Instances:" + instanceName, "vrrp_instance " + instanceName, commands, problems);
        return problems.List;
    }

    private static void CheckGlobal(GlobalDefinitionsOptions global, Problems problems)
    {
        const string P = "GlobalDefinitions";
        if (global.VrrpVersion is not (VrrpVersion.V2 or VrrpVersion.V3))
        {
            problems.Error(P + ":VrrpVersion", ConfigDiagnosticCodes.OutOfRange, "vrrp_version must be 2 or 3");
        }

        if (!IsAddress(global.MulticastGroup4, AddressFamily.InterNetwork, out IPAddress? group4) || !IsMulticast(group4))
        {
            problems.Error(P + ":MulticastGroup4", ConfigDiagnosticCodes.InvalidAddress, $"vrrp_mcast_group4 `{global.MulticastGroup4}` is not an IPv4 multicast address");
        }

        if (!IsAddress(global.MulticastGroup6, AddressFamily.InterNetworkV6, out IPAddress? group6) || !group6.IsIPv6Multicast)
        {
            problems.Error(P + ":MulticastGroup6", ConfigDiagnosticCodes.InvalidAddress, $"vrrp_mcast_group6 `{global.MulticastGroup6}` is not an IPv6 multicast address");
        }

        AtLeastOne(problems, P + ":GarpMasterRepeat", "vrrp_garp_master_repeat", global.GarpMasterRepeat);
        AtLeastOne(problems, P + ":GarpMasterRefreshRepeat", "vrrp_garp_master_refresh_repeat", global.GarpMasterRefreshRepeat);
        NotNegative(problems, P + ":GarpMasterDelay", "vrrp_garp_master_delay", global.GarpMasterDelay);
        NotNegative(problems, P + ":GarpMasterRefresh", "vrrp_garp_master_refresh", global.GarpMasterRefresh);
        NotNegative(problems, P + ":GarpInterval", "vrrp_garp_interval", global.GarpInterval);
        NotNegative(problems, P + ":GnaInterval", "vrrp_gna_interval", global.GnaInterval);
        if (global.RealtimePriority is { } rt and not (>= VrrpOptionLimits.MinRealtimePriority and <= VrrpOptionLimits.MaxRealtimePriority))
        {
            problems.Error(P + ":RealtimePriority", ConfigDiagnosticCodes.OutOfRange, Invariant($"vrrp_rt_priority must be {VrrpOptionLimits.MinRealtimePriority} to {VrrpOptionLimits.MaxRealtimePriority}, not {rt}"));
        }

        if (global.RealtimeRuntimeLimitMicroseconds is { } rttime)
        {
            AtLeastOne(problems, P + ":RealtimeRuntimeLimitMicroseconds", "vrrp_rlimit_rttime", rttime);
        }
    }

    private static void CheckScript(string path, string name, VrrpScriptOptions script, Problems problems)
    {
        if (string.IsNullOrWhiteSpace(script.Script))
        {
            problems.Error(path + ":Script", ConfigDiagnosticCodes.Required, $"vrrp_script {name} has no command (`script`)");
        }

        if (script.Interval <= TimeSpan.Zero)
        {
            problems.Error(path + ":Interval", ConfigDiagnosticCodes.OutOfRange, $"vrrp_script {name}: the interval must be greater than 0");
        }

        if (script.Timeout is { } timeout && timeout < TimeSpan.Zero)
        {
            problems.Error(path + ":Timeout", ConfigDiagnosticCodes.OutOfRange, $"vrrp_script {name}: the timeout cannot be negative");
        }

        Weight(problems, path + ":Weight", $"vrrp_script {name}", script.Weight);
        AtLeastOne(problems, path + ":Rise", $"vrrp_script {name}: rise", script.Rise);
        AtLeastOne(problems, path + ":Fall", $"vrrp_script {name}: fall", script.Fall);
    }

    private static void Label(List<ConfigDiagnostic> list, IReadOnlyDictionary<string, string>? sources)
    {
        for (int i = 0; sources is { Count: > 0 } && i < list.Count; i++)
        {
            if (OptionSources.TryLocate(sources, list[i].OptionPath, out string label))
            {
                list[i] = list[i] with { Source = label };
            }
        }
    }

    /// <summary>Each instance's sync group (the first that lists it), and each group's members that exist.</summary>
    private static Dictionary<string, string> MapSyncGroups(VrrpOptions options, out Dictionary<string, IReadOnlyList<string>> groups)
    {
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach ((string name, VrrpSyncGroupOptions group) in options.SyncGroups)
        {
            var members = new List<string>();
            foreach (string member in group.Group)
            {
                if (options.Instances.ContainsKey(member) && groupOf.TryAdd(member, name))
                {
                    members.Add(member);
                }
            }

            groups[name] = members;
        }

        return groupOf;
    }

    private static void CheckSyncGroup(string name, VrrpSyncGroupOptions group, VrrpOptions options, Dictionary<string, string> groupOf, Problems problems)
    {
        string path = "SyncGroups:" + name;
        string who = "vrrp_sync_group " + name;
        int existing = 0;
        for (int i = 0; i < group.Group.Count; i++)
        {
            string member = group.Group[i];
            if (!options.Instances.ContainsKey(member))
            {
                problems.Error(Invariant($"{path}:Group:{i}"), ConfigDiagnosticCodes.UnknownReference, $"{who}: instance {member} is not defined", Hint(member, options.Instances.Keys));
                continue;
            }

            existing++;
            if (groupOf[member] == name)
            {
                CheckMemberTrackFiles(member, options.Instances[member], name, options, problems);
            }

            if (groupOf[member] != name)
            {
                problems.Error(Invariant($"{path}:Group:{i}"), ConfigDiagnosticCodes.Conflict, $"{who}: {member} is already in vrrp_sync_group {groupOf[member]}", "an instance belongs to one sync group");
            }
        }

        if (existing < 2)
        {
            problems.Warning(path + ":Group", ConfigDiagnosticCodes.SyncGroupTooSmall, Invariant($"{who} has {existing} instance(s): a sync group is for moving two or more instances together"));
        }

        CheckTracking(path, who, group, options, problems);
    }

    private static void CheckScriptSecurity(VrrpOptions options, Problems problems)
    {
        if (options.GlobalDefinitions.EnableScriptSecurity)
        {
            return;
        }

        string? first = null;
        foreach (string name in options.Scripts.Keys)
        {
            first = "Scripts:" + name + ":Script";
            break;
        }

        first ??= FirstNotify("Instances:", options.Instances) ?? FirstNotify("SyncGroups:", options.SyncGroups);

        if (first is not null)
        {
            problems.Warning(
                first,
                ConfigDiagnosticCodes.ScriptSecurityDisabled,
                "scripts are configured but enable_script_security is off: they would run as root without checks (keepalived reports a SECURITY VIOLATION)",
                "add `enable_script_security` and `script_user USER` to global_defs");
        }
    }

    /// <summary>The option path of the first notify script set, in keepalived's order, or null.</summary>
    private static string? FirstNotify<T>(string section, Dictionary<string, T> blocks)
        where T : VrrpTrackingOptions
    {
        foreach ((string name, T block) in blocks)
        {
            string? notify = block.NotifyMaster is not null ? nameof(block.NotifyMaster) : block.NotifyBackup is not null ? nameof(block.NotifyBackup)
                : block.NotifyFault is not null ? nameof(block.NotifyFault) : block.NotifyStop is not null ? nameof(block.NotifyStop)
                : block.Notify is not null ? nameof(block.Notify) : null;
            if (notify is not null)
            {
                return section + name + ":" + notify;
            }
        }

        return null;
    }

    private static string? Hint(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (string candidate in candidates)
        {
            int distance = KeywordSuggester.Distance(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is null ? null : $"did you mean `{best}`?";
    }

    private static void Weight(Problems problems, string path, string what, int weight)
    {
        if (!VrrpOptionLimits.IsValidWeight(weight))
        {
            problems.Error(path, ConfigDiagnosticCodes.OutOfRange, Invariant($"{what}: weight {weight} is outside -253..253"));
        }
    }

    private static void AtLeastOne(Problems problems, string path, string what, int value)
    {
        if (value < 1)
        {
            problems.Error(path, ConfigDiagnosticCodes.OutOfRange, Invariant($"{what} must be at least 1, not {value}"));
        }
    }

    private static void NotNegative(Problems problems, string path, string what, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            problems.Error(path, ConfigDiagnosticCodes.OutOfRange, $"{what} cannot be negative");
        }
    }

    private static bool IsAddress(string? text, AddressFamily family, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text is null || !IPAddressParser.TryParse(text, out IPAddress parsed) || parsed.AddressFamily != family)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    private static bool IsMulticast(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out _) && bytes[0] is >= 224 and <= 239;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the rules of one run share: the options, the VRIDs seen per interface and family, and the source spans when there are some.</summary>
    private sealed class Context(VrrpOptions options, IReadOnlyDictionary<string, SourceSpan>? spans)
    {
        public VrrpOptions Options { get; } = options;

        public Dictionary<(string Interface, AddressFamily Family, int Vrid), string> VirtualRouterIds { get; } = [];

        /// <summary>Where the first of two equal values is, as a message suffix: its line in keepalived.conf, else its option path.</summary>
        public string FirstAt(string path) => spans is not null && spans.TryGetValue(path, out SourceSpan span)
            ? Invariant($" (first at line {span.Line})")
            : $" (first at {path})";
    }

    private sealed class Problems
    {
        public List<ConfigDiagnostic> List { get; } = [];

        public void Error(string path, string code, string message, string? hint = null) =>
            List.Add(new ConfigDiagnostic(ConfigDiagnosticSeverity.Error, null, code, message, hint) { OptionPath = path });

        public void Warning(string path, string code, string message, string? hint = null) =>
            List.Add(new ConfigDiagnostic(ConfigDiagnosticSeverity.Warning, null, code, message, hint) { OptionPath = path });

        /// <summary>Gets what the engine reads but does not apply yet; kept apart, see <see cref="ValidatedVrrpOptions.Notes"/>.</summary>
        public List<ConfigDiagnostic> Notes { get; } = [];

        public void Note(string path, string code, string message) =>
            Notes.Add(new ConfigDiagnostic(ConfigDiagnosticSeverity.Note, null, code, message) { OptionPath = path });

        public int ErrorCount()
        {
            int count = 0;
            foreach (ConfigDiagnostic diagnostic in List)
            {
                count += diagnostic.Severity == ConfigDiagnosticSeverity.Error ? 1 : 0;
            }

            return count;
        }
    }
}
