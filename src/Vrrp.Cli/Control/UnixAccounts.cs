using System.Globalization;

namespace Vrrp.Cli.Control;

/// <summary>User and group facts read from /proc and /etc/group (no libc calls needed for these).</summary>
internal static class UnixAccounts
{
    /// <summary>Returns this process's effective uid (the second field of the <c>Uid:</c> line of /proc/self/status).</summary>
    public static uint CurrentUserId() => StatusIds("/proc/self/status", "Uid:") is [_, uint effective, ..] ? effective : uint.MaxValue;

    /// <summary>Returns a process's supplementary groups (<c>Groups:</c> of /proc/PID/status), or null when it is gone.</summary>
    public static IReadOnlyCollection<uint>? SupplementaryGroups(int processId) =>
        StatusIds(string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/status"), "Groups:");

    /// <summary>Finds a group's gid by name (or a number) in a group file (/etc/group).</summary>
    public static bool TryFindGroup(string nameOrId, out uint groupId, string groupFile = "/etc/group")
    {
        if (uint.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out groupId))
        {
            return true;
        }

        try
        {
            foreach (string line in File.ReadLines(groupFile))
            {
                // name:password:gid:members
                string[] fields = line.Split(':');
                if (fields.Length >= 3 && fields[0] == nameOrId && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out groupId))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        groupId = 0;
        return false;
    }

    private static uint[]? StatusIds(string path, string key)
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return [.. line[key.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                        .Select(id => uint.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) ? value : uint.MaxValue)];
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
