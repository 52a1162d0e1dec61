using System.Net;
using Vrrp.Config.Diagnostics;
using Vrrp.Packets;
using Vrrp.Tracking;

namespace Vrrp.Hosting.Configuration.Cluster;

// The checks of one virtual router whose instances stand in two or more nodes' files.
internal static partial class VrrpClusterCheck
{
    private static void CheckRouter(List<ClusterMember> router, List<ConfigDiagnostic> findings)
    {
        ClusterMember first = router[0];
        foreach (ClusterMember other in router.Skip(1).Where(m => m.File != first.File))
        {
            CheckAgreement(first, other, findings);
        }

        foreach ((ClusterMember a, ClusterMember b) in Pairs(router))
        {
            if (a.Settings.Priority == b.Settings.Priority)
            {
                findings.Add(Warning(
                    b.At("Priority"),
                    ConfigDiagnosticCodes.ClusterEqualPriority,
                    Invariant($"{Describe(b)} has priority {b.Settings.Priority} here and in {a.Where("Priority")}: which node is master is left to the higher primary address"),
                    "give the intended master the higher priority (keepalived's classic pair: 100 and 50)"));
            }

            CheckUnicast(a, b, findings);
            CheckUnicast(b, a, findings);
        }

        CheckTrackingCanFailOver(router, findings);
    }

    /// <summary>What two nodes of one router must agree on for their adverts to be accepted.</summary>
    private static void CheckAgreement(ClusterMember first, ClusterMember other, List<ConfigDiagnostic> findings)
    {
        VrrpInstanceSettings a = first.Settings;
        VrrpInstanceSettings b = other.Settings;
        if (a.Version != b.Version)
        {
            findings.Add(Error(other.At("Version"), ConfigDiagnosticCodes.ClusterVersionMismatch, $"{Describe(other)} speaks VRRPv{(int)b.Version} here but v{(int)a.Version} in {first.Where("Version")}: each drops the other's adverts and both are master", "set the same vrrp_version on every node"));
            return;
        }

        if (a.AdvertInterval != b.AdvertInterval)
        {
            // keepalived drops a v2 advert whose interval differs from its own; a v3 backup follows the master's interval.
            string text = Invariant($"{Describe(other)} advertises every {VrrpLimits.FormatSeconds(b.AdvertInterval)} here but every {VrrpLimits.FormatSeconds(a.AdvertInterval)} in {first.Where("AdvertisementInterval")}");
            findings.Add(a.Version == VrrpVersion.V2
                ? Error(other.At("AdvertisementInterval"), ConfigDiagnosticCodes.ClusterIntervalMismatch, text + ": VRRPv2 nodes drop each other's adverts and both are master", "set the same advert_int on every node")
                : Warning(other.At("AdvertisementInterval"), ConfigDiagnosticCodes.ClusterIntervalMismatch, text + ": a backup waits by the master's interval, so failover time depends on which node is master", "set the same advert_int on every node"));
        }

        if (a.Version == VrrpVersion.V2 && (a.AuthType != b.AuthType || !string.Equals(a.AuthPassword, b.AuthPassword, StringComparison.Ordinal)))
        {
            findings.Add(Error(other.At("Authentication"), ConfigDiagnosticCodes.ClusterAuthenticationMismatch, $"{Describe(other)} authenticates differently here than in {first.Where("Authentication")} (type or password): each drops the other's adverts and both are master", "use the same authentication block on every node"));
        }

        var mine = new HashSet<IPAddress>(a.VirtualAddresses.Select(v => v.Address));
        var theirs = new HashSet<IPAddress>(b.VirtualAddresses.Select(v => v.Address));
        if (!mine.SetEquals(theirs))
        {
            string only = string.Join(", ", theirs.Except(mine).Select(x => x + " only here").Concat(mine.Except(theirs).Select(x => x + " only there")));
            findings.Add(Warning(other.At("VirtualIpAddresses"), ConfigDiagnosticCodes.ClusterVirtualAddressMismatch, $"{Describe(other)} lists other virtual addresses here than in {first.Where("VirtualIpAddresses")} ({only}): a failover moves a different set", "list the same virtual_ipaddress block on every node"));
        }
    }

    /// <summary>Unicast on one node and multicast on the other, or a peer list without the other node's unicast_src_ip.</summary>
    private static void CheckUnicast(ClusterMember sender, ClusterMember receiver, List<ConfigDiagnostic> findings)
    {
        IReadOnlyList<IPAddress> peers = sender.Settings.UnicastPeers;
        if (peers.Count == 0)
        {
            if (receiver.Settings.UnicastPeers.Count > 0)
            {
                findings.Add(Error(sender.At("VirtualRouterId"), ConfigDiagnosticCodes.ClusterUnicastMismatch, $"{Describe(sender)} sends multicast here but {receiver.Where("UnicastPeers")} sends unicast: neither hears the other and both are master", "give every node unicast_peer (or none)"));
            }

            return;
        }

        IPAddress? source = receiver.Validated.Options.UnicastSourceAddress is { } text && IPAddress.TryParse(text, out IPAddress? parsed) ? parsed : null;
        if (source is not null && !peers.Contains(source))
        {
            findings.Add(Error(sender.At("UnicastPeers"), ConfigDiagnosticCodes.ClusterUnicastMismatch, $"{Describe(sender)} sends to {string.Join(", ", peers)} here, but the node of {receiver.Where("UnicastSourceAddress")} sends from {source}: it never hears this node", Invariant($"add {source} to unicast_peer")));
        }
    }

    /// <summary>
    /// For each tracked item of the node with the highest priority: when that item alone fails, is the node still above
    /// the best healthy backup? Then the check can never move the addresses (the classic weight -4 with 100 and 50).
    /// </summary>
    private static void CheckTrackingCanFailOver(List<ClusterMember> router, List<ConfigDiagnostic> findings)
    {
        ClusterMember master = router.MaxBy(m => m.Settings.Priority)!;
        List<ClusterMember> backups = router.Where(m => m.File != master.File).ToList();
        if (backups.Count == 0 || backups.Any(b => b.Settings.Priority == master.Settings.Priority))
        {
            return;
        }

        ClusterMember best = backups.MaxBy(b => b.Settings.PriorityWhen(_ => true) ?? 0)!;
        byte backupPriority = best.Settings.PriorityWhen(_ => true) ?? 0;
        foreach (VrrpTrackedItem item in master.Settings.TrackedItems)
        {
            if (master.Settings.PriorityWhen(i => i.Name != item.Name) is not { } failed || failed < backupPriority)
            {
                continue; // a fault, or low enough: the backup takes over
            }

            string kind = master.Plan.TrackedScripts.Contains(item.Name) ? "track_script" : master.Plan.TrackedInterfaces.Any(t => t.ItemName == item.Name) ? "track_interface" : "tracked item";
            string property = kind == "track_script" ? "TrackScripts" : kind == "track_interface" ? "TrackInterfaces" : "Priority";
            string outcome = failed == backupPriority ? "equal to" : "still above";
            findings.Add(Warning(
                master.At(property),
                ConfigDiagnosticCodes.ClusterTrackingNeverFailsOver,
                Invariant($"{kind} {item.Name} (weight {item.Weight}) of {Describe(master)}: when it fails the priority drops from {master.Settings.PriorityWhen(_ => true)} to {failed}, {outcome} {backupPriority} in {best.Where("Priority")}, so the addresses {(failed == backupPriority ? "move only if the backup's primary address is higher" : "never move")}"),
                Invariant($"use a weight below {backupPriority - master.Settings.PriorityWhen(_ => true)} (e.g. -{master.Settings.Priority - backupPriority + 10}), or weight 0 to go to fault")));
        }
    }

    private static IEnumerable<(ClusterMember, ClusterMember)> Pairs(List<ClusterMember> router)
    {
        for (int i = 0; i < router.Count; i++)
        {
            for (int j = i + 1; j < router.Count; j++)
            {
                if (router[i].File != router[j].File)
                {
                    yield return (router[i], router[j]);
                }
            }
        }
    }
}
