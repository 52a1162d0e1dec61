using Vrrp.Config.Options;

namespace Vrrp.Hosting.Tracking;

/// <summary>
/// Decides whether a process is one a <c>vrrp_track_process</c> counts, as keepalived does: an exact comparison (not a
/// pattern: <c>ssh</c> does not match <c>sshd</c>) of the process name, or with <c>full_command</c> of the command's
/// first word; then the parameters by <c>param_match</c>. Zombies never count.
/// </summary>
internal static class ProcessMatcher
{
    public static bool Matches(VrrpTrackProcessOptions options, ProcessEntry process)
    {
        if (process.IsZombie)
        {
            return false;
        }

        IReadOnlyList<string> words = process.CommandLine;
        string? name = options.FullCommand ? (words.Count > 0 ? words[0] : null) : process.Name;
        if (!string.Equals(name, options.Process, StringComparison.Ordinal))
        {
            return false;
        }

        List<string> wanted = options.Parameters;
        int given = Math.Max(words.Count - 1, 0);
        return options.ParameterMatch switch
        {
            ProcessParameterMatch.None => true,
            ProcessParameterMatch.Exact => given == wanted.Count && SameFirst(words, wanted, wanted.Count),
            ProcessParameterMatch.Partial => given >= wanted.Count && SameFirst(words, wanted, wanted.Count),
            _ => given >= wanted.Count && (wanted.Count == 0
                || (SameFirst(words, wanted, wanted.Count - 1) && words[wanted.Count].StartsWith(wanted[^1], StringComparison.Ordinal))),
        };
    }

    private static bool SameFirst(IReadOnlyList<string> words, List<string> wanted, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (!string.Equals(words[i + 1], wanted[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
