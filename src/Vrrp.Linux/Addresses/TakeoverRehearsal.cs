using System.Runtime.CompilerServices;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.StateMachine;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// Runs a backup's whole takeover once at start-up, on a copy of the instance that sends nothing and binds no address:
/// Backup, the Master_Down timer firing on the instance's own timer thread, the effects (VIP add, advert, announcement),
/// a few master adverts, then the stop (priority-0 advert, VIP removal), through the instance's own rtnetlink binder
/// with the addresses left out (its add, lease, announce and remove code runs; no request reaches the kernel).
/// Warm-up by type (<see cref="MasterPathWarmup"/>) compiles methods; this also runs what only a call reaches: generic
/// instantiations, async state machine boxes, interface dispatch, the timer thread's wake-up and the loop's drain,
/// ReadyToRun code's first call (docs/failover.md). Once per process: about 70 ms for a v3 instance (Master_Down at
/// 10 ms adverts, three adverts), about 30 ms for a v2 one (the owner, no timer).
/// </summary>
internal static class TakeoverRehearsal
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(2);
    private static int s_done;

    /// <summary>Rehearses <paramref name="settings"/>' takeover once per process; later calls return at once.</summary>
    public static Task RunOnceAsync(VrrpInstanceSettings settings, IVipBinder binder, TimeProvider timeProvider) =>
        Interlocked.Exchange(ref s_done, 1) != 0 ? Task.CompletedTask : RunAsync(settings, binder, timeProvider);

    /// <summary>Rehearses <paramref name="settings"/>' takeover; returns how many adverts it handed to its (no-send) transport.</summary>
    /// <param name="settings">The instance's settings; the rehearsal uses a copy without addresses.</param>
    /// <param name="binder">A binder with no side effects for an instance without addresses (rtnetlink's; never a command binder).</param>
    /// <param name="timeProvider">The instance's time provider (its timer thread is part of the path).</param>
    internal static async Task<int> RunAsync(VrrpInstanceSettings settings, IVipBinder binder, TimeProvider timeProvider)
    {
        // v3: a backup whose Master_Down timer fires, the takeover's own path. v2 has whole-second intervals: the owner
        // (priority 255) becomes master at once, the same effects without the timer.
        VrrpInstanceSettings rehearsal = settings with
        {
            Priority = settings.Version == VrrpVersion.V3 ? Math.Min(settings.Priority, (byte)254) : byte.MaxValue,
            AdvertInterval = settings.Version == VrrpVersion.V3 ? s_interval : settings.AdvertInterval,
            Preempt = true,
            PreemptDelay = TimeSpan.Zero,
            StartAsMaster = false,
            SyncGroup = null,
            TrackedItems = [],
        };
        var transport = new NoSendTransport();
        var instance = new VrrpInstance(rehearsal, transport, new AddresslessBinder(binder), timeProvider);
        await using ConfiguredAsyncDisposable disposal = instance.ConfigureAwait(false);
        var master = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        instance.StateChanged += (_, e) =>
        {
            if (e.To == VrrpState.Master)
            {
                master.TrySetResult();
            }
        };

        try
        {
            await instance.StartAsync().ConfigureAwait(false);
            await master.Task.WaitAsync(s_limit, timeProvider).ConfigureAwait(false);

            // A few adverts on the master's timer (v3), then the stop: the priority-0 advert and the VIP removal.
            await Task.Delay(3 * s_interval, timeProvider).ConfigureAwait(false);
            await instance.StopAsync().ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A machine too busy to fire a 40 ms timer in 2 s: the real takeover compiles what is left.
        }

        return transport.Sent;
    }

    /// <summary>Hands every call to the binder with the instance's addresses left out (an advert needs them, the binder must not).</summary>
    private sealed class AddresslessBinder(IVipBinder binder) : IVipBinder
    {
        public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => binder.AddAsync(instance with { VirtualAddresses = [] }, cancellationToken);

        public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => binder.RemoveAsync(instance with { VirtualAddresses = [] }, cancellationToken);

        public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => binder.AnnounceAsync(instance with { VirtualAddresses = [] }, cancellationToken);
    }

    /// <summary>Counts adverts; puts nothing on the wire.</summary>
    private sealed class NoSendTransport : IVrrpTransport
    {
        public int Sent { get; private set; }

        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
        {
            Sent++;
            return default;
        }
    }
}
