using Vrrp.Config.Options;
using Vrrp.Config.Syntax;
using Vrrp.Config.Validation;

namespace Vrrp.Config.Binding;

internal static partial class KeywordTable
{
    private static void DeclareTopLevel(KeywordBlock<VrrpOptions> t)
    {
        t.Custom("global_defs", KeywordArity.Block, "{ ... }", nameof(VrrpOptions.GlobalDefinitions), "settings for every instance", (b, n, s, o) =>
            {
                if (b.RequireBlock(n) is { } block)
                {
                    b.NoArguments(n);
                    b.BindBlock(KeywordContext.GlobalDefinitions, new BindScope(nameof(o.GlobalDefinitions), o.GlobalDefinitions), block);
                }
            })
            .Custom("vrrp_script", KeywordArity.NamedBlock, "NAME { ... }", nameof(VrrpOptions.Scripts), "a check script instances and sync groups can track", (b, n, s, o) => b.BindNamedBlock(n, o.Scripts, "vrrp script", nameof(o.Scripts), KeywordContext.Script))
            .Custom("vrrp_sync_group", KeywordArity.NamedBlock, "NAME { ... }", nameof(VrrpOptions.SyncGroups), "instances that change state together", (b, n, s, o) => b.BindNamedBlock(n, o.SyncGroups, "vrrp sync group", nameof(o.SyncGroups), KeywordContext.SyncGroup))
            .Custom("vrrp_instance", KeywordArity.NamedBlock, "NAME { ... }", nameof(VrrpOptions.Instances), "one virtual router", (b, n, s, o) => b.BindNamedBlock(n, o.Instances, "vrrp instance", nameof(o.Instances), KeywordContext.Instance))
            .Custom("track_file", KeywordArity.NamedBlock, "NAME { ... }", nameof(VrrpOptions.TrackFiles), "a file holding an integer that instances and sync groups can track", (b, n, s, o) => b.BindNamedBlock(n, o.TrackFiles, "track file", nameof(o.TrackFiles), KeywordContext.TrackFile))
            .Custom("vrrp_track_file", KeywordArity.NamedBlock, "NAME { ... }", nameof(VrrpOptions.TrackFiles), "keepalived's older name of track_file", (b, n, s, o) => b.BindNamedBlock(n, o.TrackFiles, "track file", nameof(o.TrackFiles), KeywordContext.TrackFile))
            .Custom("vrrp_track_process", KeywordArity.NamedBlock, "NAME { ... }", nameof(VrrpOptions.TrackProcesses), "processes whose count instances and sync groups can track", (b, n, s, o) => b.BindNamedBlock(n, o.TrackProcesses, "track process", nameof(o.TrackProcesses), KeywordContext.TrackProcess))
            .Recognised(
                "track_group", "static_ipaddress", "static_routes", "static_rules", "garp_group", "linkbeat_interfaces",
                "interface_up_down_delays", "linkbeat_use_polling",
                "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "use_pid_dir", "instance", "child_wait_time",
                "SSL", "virtual_server_group", "virtual_server", "bfd_instance");
    }

    private static void DeclareAuthentication(KeywordBlock<VrrpAuthenticationOptions> a)
    {
        a.Custom("auth_type", KeywordArity.One, "PASS|AH", nameof(VrrpAuthenticationOptions.Type), "simple password (PASS); IPsec AH is read but not supported (an error)", (b, n, s, o) => b.BindAuthType(n, s, o), "PASS or AH")
            .Custom("auth_pass", KeywordArity.One, "PASSWORD", nameof(VrrpAuthenticationOptions.Password), "the password, cut to 8 characters as keepalived cuts it", (b, n, s, o) => b.BindAuthPass(n, s, o), "1 to " + VrrpLimits.MaxAuthenticationPasswordLength.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters");
    }

    private static void DeclareScript(KeywordBlock<VrrpScriptOptions> c)
    {
        c.Command("script", nameof(VrrpScriptOptions.Script), "the command; exit 0 is success", (o, v) => o.Script = v)
            .Custom("interval", KeywordArity.One, "SECONDS", nameof(VrrpScriptOptions.Interval), "time between runs (not above 0: 1 s is used)", (b, n, s, o) => b.BindScriptInterval(n, s, o), "more than 0 s", "1 s")
            .Seconds("timeout", nameof(VrrpScriptOptions.Timeout), TimeSpan.Zero, VrrpOptionLimits.MaxGarpDelay, "a run longer than this fails", (o, v) => o.Timeout = v, "interval")
            .Custom("weight", KeywordArity.OneOrTwo, "W [reverse]", nameof(VrrpScriptOptions.Weight), "priority change on success (W > 0) or failure (W < 0); 0 faults the instance", (b, n, s, o) => b.BindScriptWeight(n, s, o), VrrpOptionLimits.WeightRange, "0")
            .AtLeastOne("rise", nameof(VrrpScriptOptions.Rise), "successes in a row before the script counts as up", (o, v) => o.Rise = v, "1")
            .AtLeastOne("fall", nameof(VrrpScriptOptions.Fall), "failures in a row before the script counts as down", (o, v) => o.Fall = v, "1")
            .Custom("user", KeywordArity.OneOrTwo, "USER [GROUP]", nameof(VrrpScriptOptions.User), "the user (and group) the script runs as", (b, n, s, o) =>
            {
                if (b.Word(n, out ConfToken user, maxArguments: 2))
                {
                    o.User = user.Text;
                    o.Group = n.Arguments.Count > 1 ? n.Arguments[1].Text : null;
                    b.Record(s.Of(nameof(o.User)), user);
                }
            }, @default: "script_user")
            .Flag("init_fail", nameof(VrrpScriptOptions.InitFail), "the script starts as failed", (o, v) => o.InitFail = v);
    }

    private static void DeclareTrackFile(KeywordBlock<VrrpTrackFileOptions> f)
    {
        f.Word("file", nameof(VrrpTrackFileOptions.File), "PATH", "the file; its first number is read whenever it changes (missing or not a number: 0)", (o, v) => o.File = v)
            .Custom("weight", KeywordArity.OneOrTwo, "W [reverse]", nameof(VrrpTrackFileOptions.Weight), "the value is multiplied by W (negated by reverse); 0: a non-zero value faults", (b, n, s, o) =>
            {
                if (b.DefaultWeight(n, s.Of(nameof(o.Weight)), VrrpOptionLimits.MaxTrackerWeight, out int weight, out bool reverse))
                {
                    o.Weight = weight;
                    o.WeightReverse = reverse;
                }
            }, VrrpOptionLimits.TrackerWeightRange, "1")
            .Custom("init_file", KeywordArity.Any, "[VALUE] [overwrite]", nameof(VrrpTrackFileOptions.InitValue), "write VALUE (default 0) at start if the file does not exist, or always with overwrite", (b, n, s, o) => b.BindInitFile(n, s, o));
    }

    private static void DeclareTrackProcess(KeywordBlock<VrrpTrackProcessOptions> p)
    {
        p.Custom("process", KeywordArity.Any, "NAME|PATH [PARAMETER ...]", nameof(VrrpTrackProcessOptions.Process), "the process name (/proc/PID/comm), or with parameters or full_command the command's first word", (b, n, s, o) => b.BindProcess(n, s, o))
            .Custom("param_match", KeywordArity.Flag, "[exact|partial|initial]", nameof(VrrpTrackProcessOptions.ParameterMatch), "how parameters compare: all exactly, the first ones, or the last as a prefix", (b, n, s, o) => b.BindParameterMatch(n, s, o), "exact, partial or initial", "exact with parameters")
            .Custom("weight", KeywordArity.OneOrTwo, "W [reverse]", nameof(VrrpTrackProcessOptions.Weight), "priority change while the quorum holds (W > 0) or not (W < 0); 0 faults without quorum", (b, n, s, o) =>
            {
                if (b.DefaultWeight(n, s.Of(nameof(o.Weight)), VrrpOptionLimits.MaxTrackerWeight, out int weight, out bool reverse))
                {
                    o.Weight = weight;
                    o.WeightReverse = reverse;
                }
            }, VrrpOptionLimits.TrackerWeightRange, "0")
            .Integer("quorum", nameof(VrrpTrackProcessOptions.Quorum), 1, VrrpOptionLimits.MaxQuorum, "the fewest matching processes for up", (o, v) => o.Quorum = v, "1")
            .Custom("quorum_max", KeywordArity.One, "INTEGER", nameof(VrrpTrackProcessOptions.QuorumMax), "the most matching processes for up (0: up while none runs)", (b, n, s, o) => b.BindQuorumMax(n, s, o), "0 to 65535", "no limit")
            .Custom("delay", KeywordArity.One, "SECONDS", nameof(VrrpTrackProcessOptions.ForkDelay), "sets fork_delay and terminate_delay", (b, n, s, o) => b.BindProcessDelay(n, s, o, fork: true, terminate: true), "0.000001 s to 3600 s", "0 s")
            .Custom("fork_delay", KeywordArity.One, "SECONDS", nameof(VrrpTrackProcessOptions.ForkDelay), "how long a gained quorum must hold before up", (b, n, s, o) => b.BindProcessDelay(n, s, o, fork: true, terminate: false), "0.000001 s to 3600 s", "0 s")
            .Custom("terminate_delay", KeywordArity.One, "SECONDS", nameof(VrrpTrackProcessOptions.TerminateDelay), "how long a lost quorum must last before down", (b, n, s, o) => b.BindProcessDelay(n, s, o, fork: false, terminate: true), "0.000001 s to 3600 s", "0 s")
            .Flag("full_command", nameof(VrrpTrackProcessOptions.FullCommand), "compare the command's first word (/proc/PID/cmdline) instead of the process name", (o, v) => o.FullCommand = v);
    }

    /// <summary>The keywords a vrrp_instance and a vrrp_sync_group share: tracking, notify commands and smtp_alert.</summary>
    private static void DeclareTrackingAndNotify<T>(KeywordBlock<T> b, string who)
        where T : VrrpTrackingOptions
    {
        b.Lines("track_interface", nameof(VrrpTrackingOptions.TrackInterfaces), "{ NAME [weight W [reverse]] }", $"interfaces whose state moves the priority of {who} or faults it", o => o.TrackInterfaces, (binder, line) => binder.BindTrackInterface(line))
            .Lines("track_script", nameof(VrrpTrackingOptions.TrackScripts), "{ NAME [weight W [reverse]] }", $"vrrp_scripts whose result moves the priority of {who} or faults it", o => o.TrackScripts, (binder, line) => binder.BindTrackScript(line))
            .Lines("track_file", nameof(VrrpTrackingOptions.TrackFiles), "{ NAME [weight W [reverse]] }", $"track_files whose value x weight moves the priority of {who} or faults it", o => o.TrackFiles, (binder, line) => binder.BindTrackReference(line))
            .Lines("track_process", nameof(VrrpTrackingOptions.TrackProcesses), "{ NAME [weight W [reverse]] }", $"vrrp_track_processes whose quorum moves the priority of {who} or faults it", o => o.TrackProcesses, (binder, line) => binder.BindTrackReference(line))
            .Command("notify_master", nameof(VrrpTrackingOptions.NotifyMaster), $"run when {who} becomes master", (o, v) => o.NotifyMaster = v)
            .Command("notify_backup", nameof(VrrpTrackingOptions.NotifyBackup), $"run when {who} becomes backup", (o, v) => o.NotifyBackup = v)
            .Command("notify_fault", nameof(VrrpTrackingOptions.NotifyFault), $"run when {who} enters fault", (o, v) => o.NotifyFault = v)
            .Command("notify_stop", nameof(VrrpTrackingOptions.NotifyStop), $"run when {who} stops", (o, v) => o.NotifyStop = v)
            .Command("notify", nameof(VrrpTrackingOptions.Notify), $"run on every change of {who}, with the new state as argument", (o, v) => o.Notify = v)
            .BoundFlag("smtp_alert", nameof(VrrpTrackingOptions.SmtpAlert), (o, v) => o.SmtpAlert = v);
    }

    private static void DeclareSyncGroup(KeywordBlock<VrrpSyncGroupOptions> g)
    {
        g.Custom("group", KeywordArity.Block, "{ INSTANCE ... }", nameof(VrrpSyncGroupOptions.Group), "the member instances", (b, n, s, o) => b.BindGroupMembers(n, s, o));

        DeclareTrackingAndNotify(g, "the group");
        g.Recognised("track_bfd", "global_tracking", "sync_group_tracking_weight", "notify_priority_changes");
    }
}
