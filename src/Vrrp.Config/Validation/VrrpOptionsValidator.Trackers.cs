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

    /// <summary>track_file and track_process lines of an instance or sync group; returns whether any weight would move the priority.</summary>
    private static bool CheckTrackerReferences(string path, string who, VrrpTrackingOptions tracking, VrrpOptions options, Problems problems)
    {
        bool weighted = false;
        for (int i = 0; i < tracking.TrackFiles.Count; i++)
        {
            TrackReferenceOptions track = tracking.TrackFiles[i];
            string trackPath = Invariant($"{path}:TrackFiles:{i}");
            if (!options.TrackFiles.TryGetValue(track.Name, out VrrpTrackFileOptions? file))
            {
                problems.Error(trackPath, ConfigDiagnosticCodes.UnknownReference, $"{who} tracks file `{track.Name}`, which is not defined (no `track_file {track.Name} {{ }}`)", Hint(track.Name, options.TrackFiles.Keys));
            }
            else
            {
                weighted |= (track.Weight ?? file.Weight) != 0;
            }

            if (track.Weight is { } weight)
            {
                TrackerWeight(problems, trackPath, $"{who}: track_file {track.Name}", weight);
            }
        }

        for (int i = 0; i < tracking.TrackProcesses.Count; i++)
        {
            TrackReferenceOptions track = tracking.TrackProcesses[i];
            string trackPath = Invariant($"{path}:TrackProcesses:{i}");
            if (!options.TrackProcesses.TryGetValue(track.Name, out VrrpTrackProcessOptions? process))
            {
                problems.Error(trackPath, ConfigDiagnosticCodes.UnknownReference, $"{who} tracks process `{track.Name}`, which is not defined (no `vrrp_track_process {track.Name} {{ }}`)", Hint(track.Name, options.TrackProcesses.Keys));
            }
            else
            {
                weighted |= (track.Weight ?? process.Weight) != 0;
            }

            if (track.Weight is { } weight)
            {
                TrackerWeight(problems, trackPath, $"{who}: track_process {track.Name}", weight);
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
}
