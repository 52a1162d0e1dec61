using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vrrp.Config.Options;
using Vrrp.Etcd.Hosting;
using Vrrp.Hosting.Configuration;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.Platform;
using Vrrp.StateMachine;

namespace Vrrp.Etcd.Tests;

/// <summary>
/// The parts of <c>UseEtcd</c> that need no etcd: the election as the instance's one peer, the instance settings it
/// runs with, the VIP lease arithmetic, the options check at start and the inner platform kept.
/// </summary>
public sealed class EtcdHostingTests
{
    private static readonly VrrpInstanceSettings s_settings = new()
    {
        Name = "VI_1",
        VirtualRouterId = 51,
        Version = VrrpVersion.V2,
        Priority = 255,
        AdvertInterval = TimeSpan.FromSeconds(3),
        AuthType = VrrpAuthType.SimpleText,
        AuthPassword = "secret",
        PrimaryAddress = IPAddress.Parse("10.0.0.1"),
        VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.0.100/24")],
    };

    private static readonly EtcdElectionOptions s_election = new() { Endpoints = ["http://127.0.0.1:2379"], LeaseTtl = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task PeerAdvertisements_OtherLeadsElectedOtherLeads_BackupThenMasterWithin10MsThenBackupAtOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        VrrpInstanceSettings settings = EtcdInstanceRunner.ToElectedSettings(s_settings, s_election, TimeSpan.FromSeconds(2));
        var binder = new CountingBinder();
        await using var instance = new VrrpInstance(settings, EtcdPeerAdvertisements.Transport, binder, clock);
        var peer = new EtcdPeerAdvertisements(settings);
        await instance.StartAsync(TestContext.Current.CancellationToken);

        peer.OtherLeads(instance).Should().BeTrue();
        await Until(() => instance.State == VrrpState.Backup);
        clock.Advance(TimeSpan.FromSeconds(100));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        instance.State.Should().Be(VrrpState.Backup, "the other leader's 40.95 s interval gives a master-down of about 123 s");

        peer.Elected(instance).Should().BeTrue();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(10));
        await Until(() => instance.State == VrrpState.Master);
        binder.Bound.Should().BeTrue();

        peer.OtherLeads(instance).Should().BeTrue();
        await Until(() => instance.State == VrrpState.Backup);
        binder.Bound.Should().BeFalse();
        instance.GetStatus().MasterAddress.Should().Be(peer.Source);
    }

    [Fact]
    public void ToElectedSettings_V2OwnerWithAuth_RunsAsV3BelowOwnerWithAdvertsThatRenewTheVipLease()
    {
        VrrpInstanceSettings settings = EtcdInstanceRunner.ToElectedSettings(s_settings, s_election, TimeSpan.FromSeconds(2));

        settings.Version.Should().Be(VrrpVersion.V3);
        settings.Priority.Should().Be(254, "an address owner would start as master before it is elected");
        settings.AuthType.Should().Be(VrrpAuthType.None);
        settings.AdvertInterval.Should().Be(TimeSpan.FromMilliseconds(660), "a third of the 2 s VIP lease, in 10 ms steps");
        settings.VirtualAddresses.Should().Equal(s_settings.VirtualAddresses);
        settings.Validate().Should().BeEmpty();
    }

    [Fact]
    public void ToInstanceSettings_AReloadsSettings_MappedAsTheFirstSoALiveUpdateKeepsTheElectedShape()
    {
        IVrrpInstanceRunner runner = new EtcdInstanceRunner(
            s_settings, s_election, () => new CountingBinder(), TimeSpan.FromSeconds(2), null, new EtcdLeadership(),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);
        VrrpInstanceSettings reloaded = s_settings with { Priority = 200 };

        VrrpInstanceSettings applied = runner.ToInstanceSettings(reloaded);

        applied.Should().Be(EtcdInstanceRunner.ToElectedSettings(reloaded, s_election, TimeSpan.FromSeconds(2)));
        applied.Priority.Should().Be(200);
        applied.Version.Should().Be(VrrpVersion.V3, "the election speaks VRRPv3 to the instance, before and after a reload");
        applied.AdvertInterval.Should().Be(TimeSpan.FromMilliseconds(660), "the adverts still renew the 2 s VIP lease in time");
    }

    [Theory]
    [InlineData(4, null, 1)]
    [InlineData(5, null, 2)]
    [InlineData(10, null, 5)]
    [InlineData(10, 3, 3)]
    [InlineData(5, 60, 2)]
    public void VipLease_TtlAndRequest_LongestWholeSecondsThatEndBeforeTheEtcdLease(int ttl, int? requested, int expected)
    {
        var election = new EtcdElectionOptions { Endpoints = ["http://127.0.0.1:2379"], LeaseTtl = TimeSpan.FromSeconds(ttl) };

        TimeSpan lease = EtcdVrrpPlatform.VipLease("VI_1", election, requested is null ? null : TimeSpan.FromSeconds(requested.Value));

        lease.Should().Be(TimeSpan.FromSeconds(expected));

        // What a healthy leader always has left of its etcd lease covers the VIP lease and the kernel's lateness.
        (election.LeaseTtl - election.EffectiveKeepAliveInterval - (election.EffectiveSafetyMargin / 2)).Should().BeGreaterThanOrEqualTo(lease + FencedVipBinder.KernelLateness);
    }

    [Fact]
    public void VipLease_TtlTooShort_ConfigurationErrorNamesTheWayOut()
    {
        var election = new EtcdElectionOptions { Endpoints = ["http://127.0.0.1:2379"], LeaseTtl = TimeSpan.FromSeconds(3) };

        Action lease = () => EtcdVrrpPlatform.VipLease("VI_1", election, null);

        lease.Should().Throw<ArgumentException>().WithMessage("*at least 4 s*--vip-lease off*");
    }

    [Fact]
    public async Task UseEtcd_InvalidOptions_HostStartFailsWithEveryProblemBeforeAnythingRuns()
    {
        using IHost host = Build(etcd =>
        {
            etcd.Endpoints.Add("ftp://10.0.0.1:2379");
            etcd.LeaseTtl = TimeSpan.FromSeconds(1);
        });

        Func<Task> start = () => host.StartAsync(TestContext.Current.CancellationToken);

        VrrpConfigurationException error = (await start.Should().ThrowAsync<VrrpConfigurationException>()).Which;
        error.Errors.Should().Contain(e => e.StartsWith("etcd: Endpoints: ", StringComparison.Ordinal) && e.Contains("http or https", StringComparison.Ordinal));
        error.Errors.Should().Contain(e => e.StartsWith("etcd: LeaseTtl: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseEtcd_AfterUsePlatform_ThatPlatformStillWatchesInterfaces()
    {
        var inner = new WatchingPlatform();
        using IHost host = Build(etcd => etcd.Endpoints.Add("http://127.0.0.1:2379"), inner);
        IVrrpPlatform platform = host.Services.GetRequiredService<IVrrpPlatform>();
        var reported = new List<string>();

        await platform.WatchInterfacesAsync(["eth1"], (name, up) => reported.Add($"{name}={up}"), TestContext.Current.CancellationToken);

        platform.Should().NotBeSameAs(inner);
        reported.Should().Equal("eth1=False");
    }

    private static IHost Build(Action<VrrpEtcdOptions> configure, IVrrpPlatform? inner = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        IVrrpBuilder vrrp = builder.Services.AddVrrp().Configure(options =>
        {
            var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 51 };
            instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "10.0.0.100/24" });
            options.Instances["VI_1"] = instance;
        });
        if (inner is not null)
        {
            vrrp.UsePlatform(inner);
        }

        vrrp.UseEtcd(configure, (_, _) => new CountingBinder());
        return builder.Build();
    }

    private static async Task Until(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
            await Task.Delay(5);
        }
    }

    private sealed class CountingBinder : IVipBinder
    {
        private int _bound;

        public bool Bound => Volatile.Read(ref _bound) != 0;

        public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _bound, 1);
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _bound, 0);
            return ValueTask.CompletedTask;
        }

        public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class WatchingPlatform : IVrrpPlatform
    {
        public IVrrpInstanceRunner CreateRunner(VrrpInstanceSettings settings, VrrpAnnouncementSettings announcement, ILogger logger) =>
            throw new NotSupportedException("not used: UseEtcd creates the runners");

        public Task WatchInterfacesAsync(IReadOnlyCollection<string> interfaceNames, Action<string, bool> report, CancellationToken cancellationToken)
        {
            foreach (string name in interfaceNames)
            {
                report(name, false);
            }

            return Task.CompletedTask;
        }
    }
}
