namespace Vrrp.Cli.Control;

/// <summary>
/// Who may use the control socket: root, the daemon's own user, and members of the configured group (by the peer's
/// gid or its supplementary groups). The socket file's mode (0600, or 0660 with a group) refuses others first; this
/// check on the peer's credentials is the second line.
/// </summary>
/// <param name="daemonUserId">The uid the daemon runs as.</param>
/// <param name="groupId">The gid of <c>--control-group</c>, or null.</param>
/// <param name="supplementaryGroups">The supplementary gids of a process, by pid (null when unknown).</param>
internal sealed class ControlAuthorization(uint daemonUserId, uint? groupId, Func<int, IReadOnlyCollection<uint>?> supplementaryGroups)
{
    /// <summary>Gets the uid the daemon runs as.</summary>
    public uint DaemonUserId { get; } = daemonUserId;

    /// <summary>Gets the group whose members may connect, or null.</summary>
    public uint? GroupId { get; } = groupId;

    /// <summary>Creates the check for this process (its uid from /proc/self/status) and an optional group name.</summary>
    public static ControlAuthorization ForThisProcess(uint? groupId) =>
        new(UnixAccounts.CurrentUserId(), groupId, UnixAccounts.SupplementaryGroups);

    /// <summary>Decides whether a peer may send requests; <paramref name="refusal"/> says why not.</summary>
    public bool IsAllowed(PeerCredentials peer, out string? refusal)
    {
        if (peer.UserId == 0 || peer.UserId == DaemonUserId)
        {
            refusal = null;
            return true;
        }

        if (GroupId is { } group && (peer.GroupId == group || (supplementaryGroups(peer.ProcessId)?.Contains(group) ?? false)))
        {
            refusal = null;
            return true;
        }

        refusal = GroupId is { } allowed
            ? $"uid {peer.UserId} is not allowed: root, uid {DaemonUserId} and members of gid {allowed} are"
            : $"uid {peer.UserId} is not allowed: root and uid {DaemonUserId} are (run vrrp with --control-group to let a group in)";
        return false;
    }
}
