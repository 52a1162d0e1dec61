using System;
using System.Collections.Generic;
using System.Threading;
using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>
/// keepalived's <c>vrrp_sync_group</c>: instances that change state together. When a member becomes master the others
/// become master; when a member steps down from master to backup the others step down; while any member is in fault
/// (its own tracking or link) the others are held in fault too.
/// </summary>
/// <remarks>
/// As in keepalived, members' priorities should agree across routers (same winner for every VRID), or the group can
/// flap; keepalived also requires member tracking weights to be 0, which this type does not enforce.
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
        }

        foreach (VrrpInstance member in _members)
        {
            member.SyncGroup = this;
            member.StateChanged += OnStateChanged;
            member.OwnFaultChanged += OnOwnFaultChanged;
        }

        PropagateFaults();
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
            member.PostSyncFault(false);
            member.SyncGroup = null;
        }
    }

    private void OnStateChanged(object? sender, VrrpStateChangedEventArgs e)
    {
        // Transitions the group itself caused are not propagated again, so the group settles after one round.
        if (e.Reason == VrrpTransitionReason.SyncGroup || _disposed)
        {
            return;
        }

        VrrpInput input;
        if (e.To == VrrpState.Master)
        {
            input = VrrpInput.SyncGroupMaster();
        }
        else if (e.From == VrrpState.Master && e.To == VrrpState.Backup)
        {
            input = VrrpInput.SyncGroupBackup();
        }
        else
        {
            return;
        }

        foreach (VrrpInstance member in _members)
        {
            if (!ReferenceEquals(member, sender))
            {
                member.PostSyncGroup(input);
            }
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
