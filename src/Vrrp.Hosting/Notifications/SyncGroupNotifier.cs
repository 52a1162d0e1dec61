using Vrrp.Hosting.Configuration;
using Vrrp.StateMachine;

namespace Vrrp.Hosting.Notifications;

/// <summary>
/// Runs a <c>vrrp_sync_group</c>'s own notify hooks (<c>notify_master</c>, <c>notify_backup</c>, <c>notify_fault</c>,
/// <c>notify_stop</c>, and <c>notify</c> with <c>GROUP name STATE 0</c> appended, as keepalived) when the group as a
/// whole changes state: once every member has reached the state, and only when it differs from the group's last one.
/// The hooks go through the same <see cref="VrrpNotifier"/> queue (in order, one at a time per group).
/// </summary>
internal sealed class SyncGroupNotifier
{
    private readonly VrrpNotifier _notifier;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, Group> _groupOf = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SyncGroupNotifier(VrrpNotifier notifier, IReadOnlyDictionary<string, IReadOnlyList<string>> members, IReadOnlyDictionary<string, NotifyCommands> commands, TimeProvider timeProvider)
    {
        _notifier = notifier;
        _timeProvider = timeProvider;
        foreach ((string name, IReadOnlyList<string> groupMembers) in members)
        {
            if (!commands.TryGetValue(name, out NotifyCommands? groupCommands) || groupCommands.IsEmpty || groupMembers.Count == 0)
            {
                continue;
            }

            var group = new Group(name, groupCommands, groupMembers);
            foreach (string member in groupMembers)
            {
                _groupOf[member] = group;
            }
        }
    }

    /// <summary>Records a member's change; queues the group's hooks when the whole group has reached a new state.</summary>
    public void OnStateChanged(VrrpStateChange change)
    {
        if (!_groupOf.TryGetValue(change.InstanceName, out Group? group))
        {
            return;
        }

        VrrpStateChange groupChange;
        lock (_lock)
        {
            group.States[change.InstanceName] = change.To;
            if (group.States.Count < group.Members.Count || change.To == group.State)
            {
                return;
            }

            foreach (VrrpState state in group.States.Values)
            {
                if (state != change.To)
                {
                    return;
                }
            }

            VrrpState from = group.State;
            group.State = change.To;
            group.Sequence++;
            groupChange = new VrrpStateChange(group.Sequence, group.Name, from, change.To, change.Reason, 0, $"every member of sync group {group.Name} is {change.KeepalivedState}", _timeProvider.GetUtcNow());
        }

        _notifier.Enqueue(group.Commands, groupChange, "GROUP");
    }

    private sealed class Group(string name, NotifyCommands commands, IReadOnlyList<string> members)
    {
        public string Name { get; } = name;

        public NotifyCommands Commands { get; } = commands;

        public IReadOnlyList<string> Members { get; } = members;

        public Dictionary<string, VrrpState> States { get; } = new(StringComparer.Ordinal);

        public VrrpState State { get; set; } = VrrpState.Initialize;

        public long Sequence { get; set; }
    }
}
