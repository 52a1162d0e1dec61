using Microsoft.Extensions.Time.Testing;
using Vrrp.Instances;

namespace Vrrp.Tests.Instances;

/// <summary>The VIP lease hook: <see cref="IVipLeaseBinder.RenewLease"/> runs on the master's advert path only.</summary>
public sealed class VrrpInstanceLeaseTests
{
    [Fact]
    public async Task SendAdvertisement_AsMasterHoldingItsAddresses_RenewsTheLeaseBeforeEachAdvertButNotThePriorityZeroOne()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var transport = new CapturingTransport();
        var binder = new LeaseBinder(transport);
        VrrpInstanceSettings settings = InstanceFixture.DefaultSettings() with { Priority = 255, AdvertInterval = TimeSpan.FromMilliseconds(100) };
        await using var instance = new VrrpInstance(settings, transport, binder, clock);

        await instance.StartAsync(TestContext.Current.CancellationToken);
        instance.State.Should().Be(VrrpState.Master);
        for (int i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        int sentAsMaster = transport.Count;
        binder.AddsSeen.Should().Be(1);
        binder.Renewals.Should().Be(sentAsMaster - binder.SentBeforeAdd, "one renewal per advert sent while holding the addresses");
        binder.Renewals.Should().BeGreaterThanOrEqualTo(10);
        binder.SentBeforeRenewal.Should().Be(binder.Renewals, "each renewal comes before its advert, never after one that was not renewed");

        await instance.StopAsync(TestContext.Current.CancellationToken);
        transport.LastPriority.Should().Be(0);
        binder.Renewals.Should().Be(sentAsMaster - binder.SentBeforeAdd, "the priority-0 advert of a stop does not renew, the removal ends the lease");
    }

    [Fact]
    public async Task SendAdvertisement_RenewalFails_AdvertStillSentAndErrorCounted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var transport = new CapturingTransport();
        var binder = new LeaseBinder(transport) { Fail = true };
        VrrpInstanceSettings settings = InstanceFixture.DefaultSettings() with { Priority = 255, AdvertInterval = TimeSpan.FromMilliseconds(100) };
        await using var instance = new VrrpInstance(settings, transport, binder, clock);
        await instance.StartAsync(TestContext.Current.CancellationToken);
        int before = transport.Count;

        clock.Advance(TimeSpan.FromMilliseconds(100));

        transport.Count.Should().Be(before + 1);
        instance.GetStatus().Counters.BinderErrors.Should().BeGreaterThan(0);
        instance.GetStatus().LastError.Should().Contain("lease renewal refused");
    }

    [Fact]
    public async Task Backup_HearingAMaster_NeverRenews()
    {
        var f = new InstanceFixture();
        var binder = new LeaseBinder(f.Transport);
        await using var instance = new VrrpInstance(f.Settings, f.Transport, binder, f.Clock);
        await instance.StartAsync(TestContext.Current.CancellationToken);
        for (int i = 0; i < 10; i++)
        {
            instance.ReceiveAdvertisement(f.PeerAdvert(200), InstanceFixture.Context(InstanceFixture.PeerAddress));
            f.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        instance.State.Should().Be(VrrpState.Backup);
        binder.Renewals.Should().Be(0);
    }

    /// <summary>Counts renewals and the adverts sent before each, as a leasing binder would see them.</summary>
    private sealed class LeaseBinder(CapturingTransport transport) : IVipBinder, IVipLeaseBinder
    {
        public int Renewals { get; private set; }

        public int AddsSeen { get; private set; }

        public int SentBeforeAdd { get; private set; }

        public int SentBeforeRenewal { get; private set; }

        public bool Fail { get; init; }

        public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
        {
            AddsSeen++;
            SentBeforeAdd = transport.Count;
            return default;
        }

        public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => default;

        public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => default;

        public void RenewLease(VrrpInstanceSettings instance)
        {
            if (Fail)
            {
                throw new InvalidOperationException("lease renewal refused");
            }

            // Renewed before the advert: the adverts sent so far are those of earlier renewals (and before the add).
            if (transport.Count - SentBeforeAdd == Renewals)
            {
                SentBeforeRenewal++;
            }

            Renewals++;
        }
    }
}
