using System.Runtime.CompilerServices;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.StateMachine;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// Runs a backup's whole takeover once at start-up, on a copy of the instance, through the instance's own transport
/// while it rehearses (<see cref="LinuxVrrpTransport.Rehearsing"/>: each advert goes down to the system call, which the
/// kernel refuses) and a binder of the instance's own type with its real addresses that changes nothing
/// (<see cref="LinuxVipBinder.OpenForRehearsal"/>: requests the kernel refuses, announcements built and not sent):
/// Backup, the Master_Down timer firing on the instance's own timer thread, the effects (VIP add, advert,
/// announcement), a few master adverts, then the stop (priority-0 advert, VIP removal).
/// Warm-up by type (<see cref="MasterPathWarmup"/>) compiles methods; this also runs what only a call reaches: generic
/// instantiations, async state machine boxes, interface dispatch (the transport's and binder's call sites see the types
/// they see on the real takeover), the address, advert and announcement code of the instance's address family, the
/// timer thread's wake-up and the loop's drain, ReadyToRun code's first call (docs/failover.md). Once per process: about 70 ms for a
/// v3 instance (Master_Down at 10 ms adverts, three adverts), about 30 ms for a v2 one (the owner, no timer).
/// </summary>
internal static class TakeoverRehearsal
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(2);
    private static int s_done;

    /// <summary>
    /// Rehearses <paramref name="settings"/>' takeover once per process, through <paramref name="transport"/> (the
    /// instance's, for the rehearsal's duration in <see cref="LinuxVrrpTransport.Rehearsing"/>, when it is reached
    /// through <paramref name="rehearsing"/>) and a binder from <paramref name="openBinder"/> that it disposes; later
    /// calls return at once.
    /// </summary>
    public static async Task RunOnceAsync(VrrpInstanceSettings settings, IVrrpTransport transport, LinuxVrrpTransport rehearsing, Func<IVipBinder> openBinder, TimeProvider timeProvider)
    {
        if (Interlocked.Exchange(ref s_done, 1) != 0)
        {
            return;
        }

        IVipBinder binder = openBinder();
        rehearsing.Rehearsing = true;
        try
        {
            await RunAsync(settings, transport, binder, timeProvider).ConfigureAwait(false);
        }
        finally
        {
            rehearsing.Rehearsing = false;
            (binder as IDisposable)?.Dispose();
        }
    }

    /// <summary>Rehearses <paramref name="settings"/>' takeover.</summary>
    /// <param name="settings">The instance's settings; the rehearsal runs a copy with its addresses.</param>
    /// <param name="transport">A transport that puts nothing on the wire (the instance's, rehearsing).</param>
    /// <param name="binder">A binder that changes nothing (<see cref="LinuxVipBinder.OpenForRehearsal"/>; never the instance's own).</param>
    /// <param name="timeProvider">The instance's time provider (its timer thread is part of the path).</param>
    internal static async Task RunAsync(VrrpInstanceSettings settings, IVrrpTransport transport, IVipBinder binder, TimeProvider timeProvider)
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
        var instance = new VrrpInstance(rehearsal, transport, binder, timeProvider);
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
    }
}
