using Microsoft.Extensions.Time.Testing;
using Vrrp.Instances;

namespace Vrrp.Tests.Instances;

/// <summary>One instance on a fake clock with a capturing transport and a recording binder, plus a peer to send from.</summary>
internal sealed class InstanceFixture
{
    public static readonly IPAddress LocalAddress = IPAddress.Parse("10.0.0.1");
    public static readonly IPAddress PeerAddress = IPAddress.Parse("10.0.0.2");
    public static readonly VrrpVirtualAddress Vip = VrrpVirtualAddress.Parse("10.0.0.100/24");

    public InstanceFixture(VrrpInstanceSettings? settings = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Settings = settings ?? DefaultSettings();
        Binder = new RecordingVipBinder(Clock);
        Instance = new VrrpInstance(Settings, Transport, Binder, Clock);
    }

    public FakeTimeProvider Clock { get; }

    public VrrpInstanceSettings Settings { get; }

    public CapturingTransport Transport { get; } = new();

    public RecordingVipBinder Binder { get; }

    public VrrpInstance Instance { get; }

    /// <summary>Creates a fixture and starts its instance: the arrange step most instance tests begin with.</summary>
    public static async Task<InstanceFixture> StartedAsync(VrrpInstanceSettings? settings = null)
    {
        var fixture = new InstanceFixture(settings);
        await fixture.Instance.StartAsync(TestContext.Current.CancellationToken);
        return fixture;
    }

    /// <summary>
    /// With drop_address_list_mismatch on, a peer at priority 200 and then the address owner (255) advertise another
    /// address list: the peer's advert must be dropped, the owner's accepted. Returns the counters after both.
    /// </summary>
    public static async Task<VrrpCounters> DeliverMismatchedAddressListsAsync()
    {
        InstanceFixture f = await StartedAsync(DefaultSettings() with { DropAddressListMismatch = true });
        IPAddress other = IPAddress.Parse("10.0.0.200");

        f.Deliver(f.PeerAdvert(200, vip: other)).Should().BeFalse();
        f.Deliver(f.PeerAdvert(255, vip: other)).Should().BeTrue();
        return f.Instance.GetStatus().Counters;
    }

    public static VrrpInstanceSettings DefaultSettings() => new()
    {
        Name = "VI_1",
        VirtualRouterId = 51,
        Priority = 100,
        PrimaryAddress = LocalAddress,
        VirtualAddresses = [Vip],
    };

    /// <summary>Encodes an advertisement as the peer would send it, checksum included.</summary>
    public byte[] PeerAdvert(byte priority, int intervalCentiseconds = 100, byte? vrid = null, VrrpVersion? version = null, string? password = null, IPAddress? vip = null, VrrpAuthType? authType = null, IPAddress? source = null)
    {
        var advert = new VrrpAdvertisement
        {
            Version = version ?? Settings.Version,
            VirtualRouterId = vrid ?? Settings.VirtualRouterId,
            Priority = priority,
            AdvertIntervalCentiseconds = (ushort)intervalCentiseconds,
            AuthType = authType ?? (password is null ? VrrpAuthType.None : VrrpAuthType.SimpleText),
        };
        byte[] buffer = new byte[64];
        byte[] addresses = (vip ?? Vip.Address).GetAddressBytes();
        byte[] auth = password is null ? [] : System.Text.Encoding.ASCII.GetBytes(password);
        VrrpPacketWriter.TryWrite(buffer, advert, addresses, auth, Context(source ?? PeerAddress), VrrpChecksumForm.PseudoHeader, out int length);
        return buffer[..length];
    }

    public static VrrpIpContext Context(IPAddress source) =>
        VrrpIpContext.IPv4(source.GetAddressBytes(), [224, 0, 0, 18], 255);

    public bool Deliver(byte[] message, IPAddress? source = null) =>
        Instance.ReceiveAdvertisement(message, Context(source ?? PeerAddress));

    /// <summary>
    /// Starts the instance on another thread, holds its input loop in the StateChanged handler of the first transition
    /// to <paramref name="holdIn"/> until <paramref name="release"/> is set, and meanwhile fills the queue with
    /// priority-50 adverts from <paramref name="flooder"/> (ignored by a preempting backup and by a master).
    /// </summary>
    /// <returns>The start, which completes once the loop is released.</returns>
    public Task HoldLoopAndFillQueue(VrrpState holdIn, ManualResetEventSlim release, IPAddress flooder)
    {
        using var loopBusy = new ManualResetEventSlim();
        int held = 0;
        Instance.StateChanged += (_, e) =>
        {
            if (e.To == holdIn && Interlocked.Exchange(ref held, 1) == 0)
            {
                loopBusy.Set();
                release.Wait(TestContext.Current.CancellationToken);
            }
        };
        Task start = Task.Run(() => Instance.StartAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        loopBusy.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken).Should().BeTrue();

        byte[] lower = PeerAdvert(50, source: flooder);
        for (int i = 0; i < VrrpInstance.QueueCapacity + 100; i++)
        {
            Deliver(lower, flooder);
        }

        Instance.GetStatus().Counters.Drops.Should().ContainKey(VrrpDropReason.QueueFull);
        return start;
    }
}
