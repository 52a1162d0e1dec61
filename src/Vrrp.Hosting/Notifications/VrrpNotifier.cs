using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vrrp.Config;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Health;

namespace Vrrp.Hosting.Notifications;

/// <summary>
/// Runs keepalived's notify hooks: for each state change the state's own script (<c>notify_master</c>,
/// <c>notify_backup</c>, <c>notify_fault</c>, <c>notify_stop</c>), then <c>notify</c> with
/// <c>INSTANCE name STATE priority</c> appended (a sync group's hooks: <c>GROUP name STATE 0</c>, see
/// <see cref="SyncGroupNotifier"/>). Unlike keepalived, which forks them and moves on (so they can overlap
/// and finish out of order), the hooks of one instance run one at a time in the order of the changes, each with a
/// timeout; different instances do not wait for each other. State changes never wait for hooks.
/// </summary>
internal sealed class VrrpNotifier : IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;
    private readonly Dictionary<string, InstanceQueue> _queues = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _lock = new();

    public VrrpNotifier(ILogger logger, TimeSpan timeout)
    {
        _logger = logger;
        _timeout = timeout;
    }

    /// <summary>Gets or sets who the hooks run as (<c>script_user</c>, <c>enable_script_security</c>); null: the daemon's user, unchecked.</summary>
    public ScriptRunAs? RunAs { get; set; }

    /// <summary>Queues the hooks of one change; returns at once.</summary>
    /// <param name="commands">The hooks.</param>
    /// <param name="change">The change; for a sync group, <see cref="VrrpStateChange.InstanceName"/> is the group's name.</param>
    /// <param name="kind">keepalived's first argument of <c>notify</c>: <c>INSTANCE</c>, or <c>GROUP</c> (then the priority argument is 0).</param>
    public void Enqueue(NotifyCommands commands, VrrpStateChange change, string kind = "INSTANCE")
    {
        if (commands.IsEmpty || change.KeepalivedState is null)
        {
            return;
        }

        InstanceQueue queue;
        string key = kind + " " + change.InstanceName;
        lock (_lock)
        {
            if (!_queues.TryGetValue(key, out queue!))
            {
                queue = new InstanceQueue();
                _queues.Add(key, queue);
                queue.Loop = Task.Run(() => RunQueueAsync(queue));
            }
        }

        queue.Channel.Writer.TryWrite((commands, change, kind));
    }

    /// <summary>Lets queued hooks finish (at most <paramref name="timeout"/>), then kills what still runs.</summary>
    /// <returns>Whether everything finished in time.</returns>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        Task[] loops;
        lock (_lock)
        {
            loops = new Task[_queues.Count];
            int i = 0;
            foreach (InstanceQueue queue in _queues.Values)
            {
                queue.Channel.Writer.TryComplete();
                loops[i++] = queue.Loop;
            }
        }

        Task all = Task.WhenAll(loops);
        if (await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false) == all)
        {
            return true;
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        await all.ConfigureAwait(false);
        return false;
    }

    public void Dispose() => _abort.Dispose();

    private async Task RunQueueAsync(InstanceQueue queue)
    {
        ChannelReader<(NotifyCommands Commands, VrrpStateChange Change, string Kind)> reader = queue.Channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out (NotifyCommands Commands, VrrpStateChange Change, string Kind) item))
            {
                string state = item.Change.KeepalivedState!;
                string? own = item.Change.To switch
                {
                    StateMachine.VrrpState.Master => item.Commands.Master,
                    StateMachine.VrrpState.Backup => item.Commands.Backup,
                    StateMachine.VrrpState.Fault => item.Commands.Fault,
                    StateMachine.VrrpState.Stopped => item.Commands.Stop,
                    _ => null,
                };
                if (own is not null)
                {
                    await RunOneAsync(item.Change, state, own, []).ConfigureAwait(false);
                }

                if (item.Commands.Any is not null)
                {
                    await RunOneAsync(item.Change, state, item.Commands.Any, [item.Kind, item.Change.InstanceName, state, item.Change.Priority.ToString(CultureInfo.InvariantCulture)]).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task RunOneAsync(VrrpStateChange change, string state, string commandLine, string[] extra)
    {
        List<string> arguments;
        try
        {
            arguments = [.. KeepalivedCommandLine.Split(commandLine), .. extra];
        }
        catch (FormatException ex)
        {
            _logger.NotifyFailed(change.InstanceName, change.Sequence, state, commandLine, ex.Message);
            return;
        }

        string shown = string.Join(' ', arguments);
        try
        {
            ProcessRunResult result = await ScriptProcessRunner.RunAsync(arguments, _timeout, _abort.Token, RunAs).ConfigureAwait(false);
            if (result.Succeeded)
            {
                _logger.NotifyRan(change.InstanceName, change.Sequence, state, shown, result.Describe(_timeout), result.Elapsed.TotalMilliseconds);
            }
            else
            {
                _logger.NotifyFailed(change.InstanceName, change.Sequence, state, shown, result.Describe(_timeout));
            }
        }
        catch (OperationCanceledException)
        {
            _logger.NotifyFailed(change.InstanceName, change.Sequence, state, shown, "killed at shutdown");
        }
    }

    private sealed class InstanceQueue
    {
        public Channel<(NotifyCommands Commands, VrrpStateChange Change, string Kind)> Channel { get; } =
            System.Threading.Channels.Channel.CreateUnbounded<(NotifyCommands, VrrpStateChange, string)>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; set; } = Task.CompletedTask;
    }
}
