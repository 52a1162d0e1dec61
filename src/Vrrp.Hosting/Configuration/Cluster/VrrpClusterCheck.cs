using System.Net;
using System.Net.Sockets;
using Vrrp.Config;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Validation;

namespace Vrrp.Hosting.Configuration.Cluster;

/// <summary>
/// Judges several nodes' keepalived.conf files together (<c>vrrp check-config -f A -f B</c>): what each file alone
/// cannot show. Instances are one virtual router across nodes when they share address family and VRID; the checks
/// (mismatched VRID, version, interval, authentication, virtual addresses; equal priorities; a tracked check whose
/// weight can never move the addresses; unicast peers that do not point at each other; an address claimed by two
/// routers; a router on one node only) use the instances as the host would run them, so weights, clamping and fault
/// follow the running rules (<see cref="VrrpInstanceSettings.PriorityWhen"/>).
/// </summary>
internal static partial class VrrpClusterCheck
{
    /// <summary>Returns the findings about <paramref name="nodes"/> (one read file per node); files with errors are left out, their errors stand.</summary>
    public static IReadOnlyList<ConfigDiagnostic> Check(IReadOnlyList<KeepalivedConfigResult> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var members = new List<ClusterMember>();
        bool allRead = true;
        foreach (KeepalivedConfigResult node in nodes)
        {
            if (node.HasErrors || node.Files.Count == 0)
            {
                allRead = false; // a router may well be in the file left out: no "on one node only" guesses
                continue;
            }

            VrrpHostPlan plan = InstanceSettingsFactory.Create(node.Validated);
            foreach (ValidatedInstance instance in node.Validated.Instances)
            {
                members.Add(new ClusterMember(node.Files[0], node, plan.Instances.First(i => i.Name == instance.Name), instance));
            }
        }

        var findings = new List<ConfigDiagnostic>();
        HashSet<string> renumbered = CheckSameNameSameVrid(members, findings);
        var routers = members
            .GroupBy(m => (m.Validated.Family, m.Settings.VirtualRouterId))
            .Select(g => g.ToList())
            .ToList();
        foreach (List<ClusterMember> router in routers)
        {
            if (router.Select(m => m.File).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                CheckRouter(router, findings);
            }
            else if (nodes.Count > 1 && allRead && !renumbered.Contains(router[0].Name))
            {
                ClusterMember alone = router[0];
                findings.Add(Warning(alone.At("VirtualRouterId"), ConfigDiagnosticCodes.ClusterNoPeer, $"{Describe(alone)} is in {alone.File} only: no other node backs it up", "give every node the same vrrp_instance, with its own priority"));
            }
        }

        CheckAddressesClaimedTwice(routers, renumbered, findings);
        return findings;
    }

    /// <summary>Instances of one name with different VRIDs: keepalived's classic copy-and-edit slip; returns their names.</summary>
    private static HashSet<string> CheckSameNameSameVrid(List<ClusterMember> members, List<ConfigDiagnostic> findings)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (IGrouping<string, ClusterMember> named in members.GroupBy(m => m.Name, StringComparer.Ordinal))
        {
            ClusterMember first = named.First();
            foreach (ClusterMember other in named.Skip(1).Where(m => m.File != first.File && m.Validated.Family == first.Validated.Family && m.Settings.VirtualRouterId != first.Settings.VirtualRouterId))
            {
                reported.Add(named.Key);
                findings.Add(Error(
                    other.At("VirtualRouterId"),
                    ConfigDiagnosticCodes.ClusterVirtualRouterIdMismatch,
                    Invariant($"vrrp_instance {other.Name} has virtual_router_id {other.Settings.VirtualRouterId} here but {first.Settings.VirtualRouterId} in {first.Where("VirtualRouterId")}: the nodes are two routers that never hear each other, and each is master"),
                    "use one virtual_router_id for the instance on every node"));
            }
        }

        return reported;
    }

    /// <summary>One address in two virtual routers: whichever becomes master last takes it from the other.</summary>
    private static void CheckAddressesClaimedTwice(List<List<ClusterMember>> routers, HashSet<string> renumbered, List<ConfigDiagnostic> findings)
    {
        var owner = new Dictionary<IPAddress, ClusterMember>();
        foreach (List<ClusterMember> router in routers)
        {
            foreach (IPAddress address in router.SelectMany(m => m.Settings.VirtualAddresses.Select(v => v.Address)).Distinct())
            {
                ClusterMember claimant = router.First(m => m.Settings.VirtualAddresses.Any(v => v.Address.Equals(address)));
                if (!owner.TryAdd(address, claimant) && !(owner[address].Name == claimant.Name && renumbered.Contains(claimant.Name)))
                {
                    ClusterMember first = owner[address];
                    findings.Add(Error(
                        claimant.At("VirtualIpAddresses"),
                        ConfigDiagnosticCodes.ClusterVirtualAddressClaimedTwice,
                        $"{address} belongs to {Describe(claimant)} here and to {Describe(first)} in {first.Where("VirtualIpAddresses")}: two masters would hold it at once",
                        "give each virtual address to one virtual router"));
                }
            }
        }
    }

    private static string Describe(ClusterMember member) =>
        Invariant($"vrrp_instance {member.Name} (VRID {member.Settings.VirtualRouterId}{(member.Validated.Family == AddressFamily.InterNetworkV6 ? ", IPv6" : string.Empty)})");

    private static ConfigDiagnostic Error(Config.Syntax.SourceSpan? at, string code, string message, string? hint = null) =>
        new(ConfigDiagnosticSeverity.Error, at, code, message, hint);

    private static ConfigDiagnostic Warning(Config.Syntax.SourceSpan? at, string code, string message, string? hint = null) =>
        new(ConfigDiagnosticSeverity.Warning, at, code, message, hint);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
