using Vrrp.Timing;

namespace Vrrp.Linux.Tests;

public sealed class TakeoverRehearsalTests
{
    private static VrrpInstanceSettings Settings(VrrpVersion version, byte priority) => new()
    {
        Name = "rehearsed",
        VirtualRouterId = 51,
        Version = version,
        Priority = priority,
        AdvertInterval = TimeSpan.FromSeconds(1),
        PrimaryAddress = IPAddress.Parse("192.0.2.1"),
        VirtualAddresses = [VrrpVirtualAddress.Parse("192.0.2.100/24")],
        SyncGroup = "group",
        PreemptDelay = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// A v3 backup's rehearsal takes over on its own timer (Master_Down at 10 ms adverts, not the configured second),
    /// advertises as master and stops with a priority-0 advert, all into the given transport: without the
    /// takeover there would be no advert at all, without the stop one fewer. The binder sees the whole master path with
    /// the instance's own addresses (a real rehearsal's binder changes nothing: TakeoverRehearsalOnLanTests).
    /// </summary>
    [Theory]
    [InlineData(VrrpVersion.V3, 100)]
    [InlineData(VrrpVersion.V3, 255)]
    [InlineData(VrrpVersion.V2, 100)]
    public async Task RunAsync_Backup_TakesOverAndStopsWithoutTheWire(VrrpVersion version, byte priority)
    {
        using var timers = new DedicatedThreadTimeProvider();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        var binder = new CountingBinder();
        var transport = new CountingTransport();

        await TakeoverRehearsal.RunAsync(Settings(version, priority), transport, binder, timers);

        transport.Sent.Should().BeGreaterThanOrEqualTo(2, "the takeover's advert and the stop's priority-0 advert");
        binder.Calls.Should().Equal("add", "announce", "remove");
        binder.Addresses.Should().Be(3, "each call carries the instance's address, so its address code runs before the first takeover");
        elapsed.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "the rehearsal does not wait for the configured 1 s interval");
    }

    private sealed class CountingTransport : IVrrpTransport
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public ValueTask SendAsync(VrrpInstanceSettings instance, ReadOnlyMemory<byte> message, VrrpAddress destination, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return default;
        }
    }

    private sealed class CountingBinder : IVipBinder
    {
        public List<string> Calls { get; } = [];

        public int Addresses { get; private set; }

        public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => Record("add", instance);

        public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => Record("remove", instance);

        public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => Record("announce", instance);

        private ValueTask Record(string call, VrrpInstanceSettings instance)
        {
            lock (Calls)
            {
                Calls.Add(call);
                Addresses += instance.VirtualAddresses.Count;
            }

            return default;
        }
    }
}
