using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>
/// keepalived's <c>vrrp_sync_group</c>: instances that change state together. The group goes to master only when
/// every member would be master on its own (its Master_Down_Timer expired with no master it defers to); until then a
/// member whose timer expires stays backup. When a member steps down from master to backup, or a waiting member hears
/// a master it defers to, the whole group is backup; while any member is in fault (its own tracking, link or maintenance) the
/// others are held in fault too.
/// </summary>
/// <remarks>
/// As in keepalived, when a peer outranks the group on one VRID only, the group stays backup on every VRID and the
/// peer's instances serve them all. keepalived also requires member tracking weights to be 0, which this type does
/// not enforce. Form the group before starting its members, or name it in each member's
/// <see cref="VrrpInstanceSettings.SyncGroup"/>, so that their first transitions obey it.
/// </remarks>
public sealed class VrrpSyncGroup : IDisposable
{
    private readonly VrrpInstance[] _members;
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Creates a sync group and joins the members to it (before or after they start).</summary>
    /// <param name="name">The group's name, e.g. <c>VG_1</c>.</param>
    /// <param name="members">The member instances; each can be in one group only.</param>
    /// <exception cref="ArgumentException">No members, a duplicate member, or a member already in another group.</exception>
    public VrrpSyncGroup(string name, IEnumerable<VrrpInstance> members)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(members);
        Name = name;
        _members = [.. members];
        if (_members.Length == 0)
        {
            throw new ArgumentException($"Sync group {name} needs at least one member.", nameof(members));
        }

        var seen = new HashSet<VrrpInstance>();
        foreach (VrrpInstance member in _members)
        {
            ArgumentNullException.ThrowIfNull(member, nameof(members));
            if (!seen.Add(member))
            {
                throw new ArgumentException($"Sync group {name} lists {member.Name} twice.", nameof(members));
            }

            if (member.SyncGroup is not null)
            {
                throw new ArgumentException($"{member.Name} is already in sync group {member.SyncGroup.Name}.", nameof(members));
            }

            if (member.Settings.SyncGroup is { } named && named != name)
            {
                throw new ArgumentException($"{member.Name} belongs to sync group {named} by its settings, not {name}.", nameof(members));
            }
        }

        foreach (VrrpInstance member in _members)
        {
            member.SyncGroup = this;
            member.StateChanged += OnStateChanged;
            member.OwnFaultChanged += OnOwnFaultChanged;
            member.SyncGroupRequested += OnSyncGroupRequested;
        }

        PropagateFaults();

        // Members started before the group was formed may all be waiting for it already.
        OnSyncGroupRequested(null, master: true);
    }

    /// <summary>Gets the group's name.</summary>
    public string Name { get; }

    /// <summary>Gets the members.</summary>
    public IReadOnlyList<VrrpInstance> Members => _members;

    /// <summary>Detaches the group from its members.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (VrrpInstance member in _members)
        {
            member.StateChanged -= OnStateChanged;
            member.OwnFaultChanged -= OnOwnFaultChanged;
            member.SyncGroupRequested -= OnSyncGroupRequested;
            member.PostSyncFault(false);
            member.SyncGroup = null;
        }
    }

    // keepalived's vrrp_sync_backup: a member that left master for backup (it heard a better master) takes the group along.
    private void OnStateChanged(object? sender, VrrpStateChangedEventArgs e)
    {
        // Transitions the group itself caused are not propagated again, so the group settles after one round.
        if (e.Reason == VrrpTransitionReason.SyncGroup || _disposed || e.From != VrrpState.Master || e.To != VrrpState.Backup)
        {
            return;
        }

        foreach (VrrpInstance member in _members)
        {
            if (!ReferenceEquals(member, sender))
            {
                member.PostSyncGroup(VrrpInput.SyncGroupBackup());
            }
        }
    }

    // keepalived's vrrp_sync_master / vrrp_sync_can_goto_master: a member whose down timer expired asks; the group goes
    // to master once every member is master or would be. A waiting member that hears a master it defers to asks for
    // backup, which steps down any member the group already moved to master.
    private void OnSyncGroupRequested(VrrpInstance? requester, bool master)
    {
        if (_disposed)
        {
            return;
        }

        if (master)
        {
            foreach (VrrpInstance member in _members)
            {
                if (!member.IsOrWantsMaster)
                {
                    return;
                }
            }
        }

        foreach (VrrpInstance member in _members)
        {
            member.PostSyncGroup(master ? VrrpInput.SyncGroupMaster(ReferenceEquals(member, requester)) : VrrpInput.SyncGroupBackup());
        }
    }

    private void OnOwnFaultChanged(VrrpInstance member, bool faulted) => PropagateFaults();

    private void PropagateFaults()
    {
        Span<bool> others = stackalloc bool[_members.Length];
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            for (int i = 0; i < _members.Length; i++)
            {
                for (int j = 0; j < _members.Length; j++)
                {
                    others[i] |= i != j && _members[j].OwnFault;
                }
            }
        }

        for (int i = 0; i < _members.Length; i++)
        {
            _members[i].PostSyncFault(others[i]);
        }
    }
}
