using System.Globalization;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;

namespace Vrrp.Config.Validation;

// track_file and vrrp_track_process: the definitions, and the references to them from instances and sync groups.
public sealed partial class VrrpOptionsValidator
{
    private static void CheckTrackers(VrrpOptions options, Problems problems)
    {
        foreach ((string name, VrrpTrackFileOptions file) in options.TrackFiles)
        {
            string path = "TrackFiles:" + name;
            if (string.IsNullOrWhiteSpace(file.File))
            {
                problems.Error(path + ":File", ConfigDiagnosticCodes.Required, $"track_file {name} has no file (`file PATH`)");
            }

            TrackerWeight(problems, path + ":Weight", $"track_file {name}", file.Weight);
        }

        foreach ((string name, VrrpTrackProcessOptions process) in options.TrackProcesses)
        {
            string path = "TrackProcesses:" + name;
            string who = "vrrp_track_process " + name;
            if (string.IsNullOrWhiteSpace(process.Process))
            {
                problems.Error(path + ":Process", ConfigDiagnosticCodes.Required, $"{who} has no process (`process NAME`)");
            }

            TrackerWeight(problems, path + ":Weight", who, process.Weight);
            int max = process.QuorumMax ?? VrrpOptionLimits.MaxQuorum;
            if (process.Quorum < 0 || process.Quorum > VrrpOptionLimits.MaxQuorum || max < 0 || max > VrrpOptionLimits.MaxQuorum)
            {
                problems.Error(path + ":Quorum", ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: quorum and quorum_max must be from 0 to {VrrpOptionLimits.MaxQuorum}"));
            }
            else if (process.Quorum > max)
            {
                problems.Error(path + ":QuorumMax", ConfigDiagnosticCodes.Conflict, Invariant($"{who}: quorum_max {max} is less than quorum {process.Quorum}, so it can never be up"));
            }

            if (process.ForkDelay < TimeSpan.Zero || process.TerminateDelay < TimeSpan.Zero)
            {
                problems.Error(path + ":ForkDelay", ConfigDiagnosticCodes.OutOfRange, $"{who}: delays cannot be negative");
            }
        }
    }

    private static readonly TrackLines ScriptLines = new("track_script", "script", string.Empty, VrrpLimits.MaxTrackWeight);
    private static readonly TrackLines FileLines = new("track_file", "file", " (no `track_file {0} {{ }}`)", VrrpOptionLimits.MaxTrackerWeight);
    private static readonly TrackLines ProcessLines = new("track_process", "process", " (no `vrrp_track_process {0} {{ }}`)", VrrpOptionLimits.MaxTrackerWeight);

    /// <summary>track_file and track_process lines of an instance or sync group; returns whether any weight would move the priority.</summary>
    private static bool CheckTrackerReferences(string path, string who, VrrpTrackingOptions tracking, VrrpOptions options, Problems problems) =>
        CheckReferences(tracking.TrackFiles, path + ":TrackFiles", who, FileLines, options.TrackFiles, t => t.Name, t => t.Weight, f => f.Weight, problems)
        | CheckReferences(tracking.TrackProcesses, path + ":TrackProcesses", who, ProcessLines, options.TrackProcesses, t => t.Name, t => t.Weight, p => p.Weight, problems);

    /// <summary>Lines naming a defined block (track_script, track_file, track_process); returns whether any weight would move the priority.</summary>
    private static bool CheckReferences<TLine, TBlock>(List<TLine> lines, string listPath, string who, TrackLines kind, Dictionary<string, TBlock> defined, Func<TLine, string> nameOf, Func<TLine, int?> weightOf, Func<TBlock, int> defaultWeight, Problems problems)
    {
        bool weighted = false;
        for (int i = 0; i < lines.Count; i++)
        {
            (string name, int? weight, string linePath) = (nameOf(lines[i]), weightOf(lines[i]), Invariant($"{listPath}:{i}"));
            if (defined.TryGetValue(name, out TBlock? block))
            {
                weighted |= (weight ?? defaultWeight(block)) != 0;
            }
            else
            {
                string missing = string.Format(CultureInfo.InvariantCulture, kind.Missing, name);
                problems.Error(linePath, ConfigDiagnosticCodes.UnknownReference, $"{who} tracks {kind.What} `{name}`, which is not defined{missing}", Hint(name, defined.Keys));
            }

            if (weight is int w && (w < -kind.MaxWeight || w > kind.MaxWeight))
            {
                problems.Error(linePath, ConfigDiagnosticCodes.OutOfRange, Invariant($"{who}: {kind.Keyword} {name}: weight {w} is outside -{kind.MaxWeight}..{kind.MaxWeight}"));
            }
        }

        return weighted;
    }

    /// <summary>keepalived ignores a sync group member's own weighted track_file (its tracking must be weight 0 there).</summary>
    private static void CheckMemberTrackFiles(string member, VrrpInstanceOptions instance, string group, VrrpOptions options, Problems problems)
    {
        for (int i = 0; i < instance.TrackFiles.Count; i++)
        {
            TrackReferenceOptions track = instance.TrackFiles[i];
            if (options.TrackFiles.TryGetValue(track.Name, out VrrpTrackFileOptions? file) && (track.Weight ?? file.Weight) != 0)
            {
                problems.Warning(
                    Invariant($"Instances:{member}:TrackFiles:{i}"),
                    ConfigDiagnosticCodes.Conflict,
                    $"vrrp_instance {member} is in vrrp_sync_group {group}: keepalived ignores its weighted track_file {track.Name}, and so does Vrrp",
                    "give it `weight 0`, or track the file from the sync group");
            }
        }
    }

    private static void TrackerWeight(Problems problems, string path, string what, int weight)
    {
        if (weight < -VrrpOptionLimits.MaxTrackerWeight || weight > VrrpOptionLimits.MaxTrackerWeight)
        {
            problems.Error(path, ConfigDiagnosticCodes.OutOfRange, Invariant($"{what}: weight {weight} is outside {VrrpOptionLimits.TrackerWeightRange}"));
        }
    }

    /// <summary>One kind of tracking line: its keyword, what it names, the hint when that is missing, its weight limit.</summary>
    private sealed record TrackLines(string Keyword, string What, string Missing, int MaxWeight);
}
