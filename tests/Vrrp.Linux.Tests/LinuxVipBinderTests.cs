using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Tests;

public sealed class LinuxVipBinderTests() : NetnsHostTest(hostCount: 2)
{
    [Fact]
    public void Add_IPv4WithPrefixAndLabel_VisibleToIpAndIdempotent()
    {
        using NetlinkAddresses binder = Open();
        var vip = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"), 24) { Label = "eth0:vip" };

        binder.Add(vip, "eth0").Should().BeTrue();
        binder.Add(vip, "eth0").Should().BeFalse();

        Host.Addresses().Should().Contain("inet 10.99.0.100/24").And.Contain("eth0:vip");
        binder.AddedAddresses.Should().ContainSingle();
    }

    [Fact]
    public void Remove_AddedThenGone_RemovesOnceThenReportsAbsent()
    {
        using NetlinkAddresses binder = Open();
        var vip = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"));
        binder.Add(vip, "eth0");

        binder.Remove(vip, "eth0").Should().BeTrue();
        binder.Remove(vip, "eth0").Should().BeFalse();

        Host.Addresses().Should().NotContain("10.99.0.100");
        binder.AddedAddresses.Should().BeEmpty();
    }

    [Fact]
    public void Add_IPv6_NoDadSoUsableAtOnceFromAnotherHost()
    {
        using NetlinkAddresses binder = Open();
        var vip = new VrrpVirtualAddress(IPAddress.Parse("fd00:99::100"), 64);

        binder.Add(vip, "eth0").Should().BeTrue();

        Host.Addresses().Should().Contain("inet6 fd00:99::100/64").And.Contain("nodad").And.NotContain("tentative");
        Lan[2].Ping(IPAddress.Parse("fd00:99::100")).Should().BeTrue();
    }

    [Fact]
    public void Add_HostScope_SetsScope()
    {
        using NetlinkAddresses binder = Open();

        binder.Add(new VrrpVirtualAddress(IPAddress.Parse("10.99.0.150")), "eth0", LinuxAddressScope.Host).Should().BeTrue();

        Host.Addresses().Should().Contain("inet 10.99.0.150/32 scope host");
    }

    [Fact]
    public void Add_ScopeAndBroadcastOfTheVirtualAddress_VisibleToIp()
    {
        using NetlinkAddresses binder = Open();
        // Another subnet: the kernel refuses a secondary address whose scope differs from its subnet's primary.
        var vip = new VrrpVirtualAddress(IPAddress.Parse("10.98.0.160"), 24) { Scope = 253, Broadcast = IPAddress.Parse("10.98.0.255") };

        binder.Add(vip, "eth0").Should().BeTrue();

        Host.Addresses().Should().Contain("inet 10.98.0.160/24 brd 10.98.0.255 scope link");
        binder.Remove(vip, "eth0").Should().BeTrue();
        Host.Addresses().Should().NotContain("10.98.0.160");
    }

    [Fact]
    public void Validate_BroadcastOnIpv6_IsRejected()
    {
        var vip = new VrrpVirtualAddress(IPAddress.Parse("fd00:99::100"), 64) { Broadcast = IPAddress.Parse("10.99.0.255") };

        LinuxVipBinder.Validate(vip, "eth0").Should().ContainSingle().Which.Should().Contain("a broadcast address (10.99.0.255) applies to IPv4 only");
    }

    [Theory]
    [InlineData("10.99.0.100", "eth1:x", "label 'eth1:x' must be the interface name, a colon and a suffix (for example 'eth0:1').")]
    [InlineData("10.99.0.100", "eth0:", "label 'eth0:' must be the interface name, a colon and a suffix (for example 'eth0:1').")]
    [InlineData("10.99.0.100", "eth0:0123456789a", "label 'eth0:0123456789a' is longer than 15 characters.")]
    [InlineData("fd00:99::100", "eth0:1", "a label applies to IPv4 addresses only.")]
    public void Add_BadLabel_RejectedBeforeTheKernelSeesIt(string address, string label, string expected)
    {
        using NetlinkAddresses binder = Open();
        var vip = new VrrpVirtualAddress(IPAddress.Parse(address)) { Label = label };

        Action add = () => binder.Add(vip, "eth0");

        add.Should().Throw<ArgumentException>().WithMessage($"*{expected}*");
        Host.Addresses().Should().NotContain(address);
    }

    [Fact]
    public void AddAll_SeveralAddressesInOneBatch_AllVisibleToIpAndIdempotent()
    {
        using NetlinkAddresses binder = Open();
        List<VrrpVirtualAddress> vips =
        [
            new(IPAddress.Parse("10.99.0.100"), 24) { Label = "eth0:vip" },
            new(IPAddress.Parse("10.99.0.101")),
            new(IPAddress.Parse("fd00:99::100"), 64),
            new(IPAddress.Parse("fd00:99::101"), 64),
        ];
        Host.Ip("addr", "add", "10.99.0.101/32", "dev", "eth0");

        binder.AddAll(vips, "eth0").Should().Equal(vips[0], vips[2], vips[3]);
        binder.AddAll(vips, "eth0").Should().BeEmpty();

        string addresses = Host.Addresses();
        addresses.Should().Contain("inet 10.99.0.100/24").And.Contain("eth0:vip").And.Contain("inet 10.99.0.101/32");
        addresses.Should().Contain("inet6 fd00:99::100/64").And.Contain("inet6 fd00:99::101/64").And.NotContain("tentative");
        binder.AddedAddresses.Select(added => added.Address).Should().BeEquivalentTo([vips[0], vips[2], vips[3]]);
    }

    [Fact]
    public void AddAll_OneAddressOfTheBatchRefused_ThrowsItsErrorAndStillAddsAndTracksTheOthers()
    {
        Host.Exec(TimeSpan.FromSeconds(10), "sysctl", "-q", "-w", "net.ipv6.conf.eth0.disable_ipv6=1").ExitCode.Should().Be(0);
        NetlinkAddresses binder = Open();
        List<VrrpVirtualAddress> vips =
        [
            new(IPAddress.Parse("10.99.0.100")),
            new(IPAddress.Parse("fd00:99::100")),
            new(IPAddress.Parse("10.99.0.101")),
        ];

        Action add = () => binder.AddAll(vips, "eth0");

        add.Should().Throw<NetlinkException>()
            .Which.Should().Match<NetlinkException>(e => e.KernelMessage == "ipv6: IPv6 is disabled on this device"
                && e.Message.StartsWith("adding virtual address fd00:99::100/128 to eth0 failed: ipv6: IPv6 is disabled on this device", StringComparison.Ordinal));
        Host.Addresses().Should().Contain("inet 10.99.0.100/32").And.Contain("inet 10.99.0.101/32");
        binder.AddedAddresses.Select(added => added.Address).Should().BeEquivalentTo([vips[0], vips[2]]);

        binder.Dispose();

        Host.Addresses().Should().NotContain("10.99.0.100").And.NotContain("10.99.0.101");
    }

    [Fact]
    public void AddAll_MissingInterfaceInTheBatch_SaysWhichInterfaceAndAddsTheOthers()
    {
        using NetlinkAddresses binder = Open();
        List<VrrpVirtualAddress> vips =
        [
            new(IPAddress.Parse("10.99.0.100")) { Device = "nosuch0" },
            new(IPAddress.Parse("10.99.0.101")),
        ];

        Action add = () => binder.AddAll(vips, "eth0");

        add.Should().Throw<NetlinkException>().WithMessage("adding virtual address 10.99.0.100/32 to nosuch0 failed: interface nosuch0 does not exist*");
        Host.Addresses().Should().Contain("inet 10.99.0.101/32").And.NotContain("10.99.0.100");
        binder.AddedAddresses.Should().ContainSingle().Which.Address.Should().Be(vips[1]);
    }

    [Fact]
    public void Add_InterfaceRecreatedSinceTheLastAdd_CachedIndexStaleSoLooksItUpAgainAndAddsOnTheNewInterface()
    {
        using NetlinkAddresses binder = Open();
        var first = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"));
        var second = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.101"));
        binder.Add(first, "eth0").Should().BeTrue();
        string oldIndex = Host.Ip("-o", "link", "show", "eth0").Split(':')[0];

        // The index the binder cached belongs to a deleted interface now (the kernel answers ENODEV for it).
        Lan.RecreateInterface(1);
        binder.Add(second, "eth0").Should().BeTrue();

        Host.Ip("-o", "link", "show", "eth0").Split(':')[0].Should().NotBe(oldIndex);
        Host.Addresses().Should().Contain("inet 10.99.0.101/32");
    }

    [Fact]
    public void Add_IPv6OnInterfaceWithIPv6Disabled_ReportsKernelExtendedAckText()
    {
        Host.Exec(TimeSpan.FromSeconds(10), "sysctl", "-q", "-w", "net.ipv6.conf.eth0.disable_ipv6=1").ExitCode.Should().Be(0);
        using NetlinkAddresses binder = Open();

        Action add = () => binder.Add(new VrrpVirtualAddress(IPAddress.Parse("fd00:99::100")), "eth0");

        add.Should().Throw<NetlinkException>()
            .Which.Should().Match<NetlinkException>(e => e.KernelMessage == "ipv6: IPv6 is disabled on this device"
                && e.Message.StartsWith("adding virtual address fd00:99::100/128 to eth0 failed: ipv6: IPv6 is disabled on this device", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_MissingInterface_SaysWhichInterface()
    {
        using NetlinkAddresses binder = Open();

        Action add = () => binder.Add(new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100")) { Device = "nosuch0" }, "eth0");

        add.Should().Throw<NetlinkException>().WithMessage("adding virtual address 10.99.0.100/32 to nosuch0 failed: interface nosuch0 does not exist*");
    }

    [Fact]
    public void Add_WithoutNetAdmin_NeedsCapNetAdmin()
    {
        Exception? thrown = NetworkNamespaceThread.Run(Host.Namespace, () =>
        {
            using NetlinkAddresses binder = NetlinkAddresses.Open();
            ThreadCapabilities.DropEffective(ThreadCapabilities.NetAdmin);
            try
            {
                binder.Add(new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100")), "eth0");
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        });

        thrown.Should().BeOfType<MissingCapabilityException>().Which.Message.Should().Be("adding virtual address 10.99.0.100/32 to eth0 needs CAP_NET_ADMIN");
    }

    [Fact]
    public void Dispose_RemovesOnlyWhatThisBinderAdded()
    {
        Host.Ip("addr", "add", "10.99.0.101/32", "dev", "eth0");
        NetlinkAddresses binder = Open();
        binder.Add(new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100")), "eth0").Should().BeTrue();
        binder.Add(new VrrpVirtualAddress(IPAddress.Parse("10.99.0.101")), "eth0").Should().BeFalse();
        binder.Add(new VrrpVirtualAddress(IPAddress.Parse("fd00:99::100")), "eth0").Should().BeTrue();

        binder.Dispose();

        string addresses = Host.Addresses();
        addresses.Should().NotContain("10.99.0.100").And.NotContain("fd00:99::100");
        addresses.Should().Contain("10.99.0.101/32");
    }

    [Fact]
    public void RemoveStale_AddressesLeftByAKilledRun_RemovesOwnedOnesWithTheirPrefixOnly()
    {
        // What a SIGKILLed daemon leaves behind, plus an administrator's address of another prefix length.
        Host.Ip("addr", "add", "10.99.0.100/32", "dev", "eth0");
        Host.Ip("addr", "add", "fd00:99::100/128", "dev", "eth0", "nodad");
        Host.Ip("addr", "add", "10.99.0.102/24", "dev", "eth0");
        using NetlinkAddresses binder = Open();
        List<VrrpVirtualAddress> owned =
        [
            new(IPAddress.Parse("10.99.0.100")),
            new(IPAddress.Parse("10.99.0.101")),
            new(IPAddress.Parse("10.99.0.102")),
            new(IPAddress.Parse("fd00:99::100")),
        ];

        IReadOnlyList<VrrpVirtualAddress> removed = binder.RemoveStale(owned, "eth0");

        removed.Should().Equal(owned[0], owned[3]);
        string addresses = Host.Addresses();
        addresses.Should().NotContain("10.99.0.100").And.NotContain("fd00:99::100");
        addresses.Should().Contain("10.99.0.102/24");
        binder.AddedAddresses.Should().BeEmpty();
    }

    [Fact]
    public async Task RemoveAsync_SomeAddressesFail_RemovesTheOthersAndReportsEveryError()
    {
        using LinuxVipBinder binder = OpenBinder();
        VrrpInstanceSettings settings = OnEth0(new VrrpVirtualAddress(IPAddress.Parse("fd00:99::100"), 64), new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"), 24), new VrrpVirtualAddress(IPAddress.Parse("fd00:99::101"), 64), new VrrpVirtualAddress(IPAddress.Parse("10.99.0.101"), 24));
        await binder.AddAsync(settings, CancellationToken.None);

        // An MTU below IPv6's minimum (1280) takes IPv6 off the interface: removing the IPv6 VIPs now fails.
        Host.Ip("link", "set", "eth0", "mtu", "1200");
        Func<Task> remove = async () => await binder.RemoveAsync(settings, CancellationToken.None);

        (await remove.Should().ThrowAsync<AggregateException>()).Which.InnerExceptions.Should().HaveCount(2)
            .And.AllSatisfy(e => e.Message.Should().StartWith("removing virtual address fd00:99::10"));
        Host.Addresses().Should().NotContain("10.99.0.100").And.NotContain("10.99.0.101", "an error on one address does not stop the removal of the others");
    }

    [Fact]
    public async Task RemoveAsync_AnAddressTheInterfaceAlreadyHad_StaysBoundAndOnlyOursGo()
    {
        Host.Ip("addr", "add", "10.99.0.101/32", "dev", "eth0");
        using LinuxVipBinder binder = OpenBinder();
        VrrpInstanceSettings settings = OnEth0(new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100")), new VrrpVirtualAddress(IPAddress.Parse("10.99.0.101")));
        await binder.AddAsync(settings, CancellationToken.None);
        Host.Addresses().Should().Contain("inet 10.99.0.100/32").And.Contain("inet 10.99.0.101/32");

        await binder.RemoveAsync(settings, CancellationToken.None);

        Host.Addresses().Should().NotContain("10.99.0.100").And.Contain("inet 10.99.0.101/32", "EEXIST on add: the address is not the binder's to remove");
    }

    [Fact]
    public async Task RenewLease_WithALease_RenewsTheKernelLifetimeFromPrebuiltBuffersWithoutAllocating()
    {
        var clock = new SteppedTimeProvider();
        using LinuxVipBinder binder = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        VrrpInstanceSettings settings = OnEth0(new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"), 24), new VrrpVirtualAddress(IPAddress.Parse("fd00:99::100"), 64));
        await binder.AddAsync(settings, CancellationToken.None);
        Host.Addresses().Should().MatchRegex(@"inet 10\.99\.0\.100/24 .*valid_lft [23]sec preferred_lft [23]sec")
            .And.MatchRegex(@"inet6 fd00:99::100/64 .*valid_lft [23]sec preferred_lft [23]sec");

        // Each call is a second later: past the renewal period (1 s), so every one renews. Warm up, then measure.
        clock.Step();
        binder.RenewLease(settings);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            clock.Step();
            binder.RenewLease(settings);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Thread.Sleep(2500);

        allocated.Should().Be(0, "a renewal runs on the advert path");
        Host.Addresses().Should().Contain("10.99.0.100/24").And.Contain("fd00:99::100/64", "the renewals restarted the 3 s lifetime 2.5 s ago");
        Thread.Sleep(2000);
        Host.Addresses().Should().NotContain("10.99.0.100").And.NotContain("fd00:99::100", "without renewals the kernel drops them when the lease runs out");
    }

    [Fact]
    public async Task ChangeAddressesAsync_WithALease_ReleasesOnlyTheRemovedBindsTheAddedAndRenewsTheNewSet()
    {
        var clock = new SteppedTimeProvider();
        using LinuxVipBinder binder = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        var kept = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"), 24);
        var removed = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.101"), 24);
        var added = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.102"), 24);
        await binder.AddAsync(OnEth0(kept, removed), CancellationToken.None);
        VrrpInstanceSettings next = OnEth0(kept, added);

        await binder.ChangeAddressesAsync(next, [added], [removed], CancellationToken.None);

        string addresses = Host.Addresses();
        addresses.Should().Contain("inet 10.99.0.100/24").And.NotContain("10.99.0.101");
        addresses.Should().MatchRegex(@"inet 10\.99\.0\.102/24 .*valid_lft [23]sec preferred_lft [23]sec", "an added address gets the lease");
        binder.LeasedAddresses("VI_1").Should().Equal(kept, added);

        // The renewal now covers the new set: after it, both kept and added have a fresh lifetime; the removed one stays gone.
        clock.Step();
        binder.RenewLease(next);
        Host.Addresses().Should().MatchRegex(@"inet 10\.99\.0\.100/24 .*valid_lft [23]sec").And.MatchRegex(@"inet 10\.99\.0\.102/24 .*valid_lft [23]sec").And.NotContain("10.99.0.101");

        await binder.RemoveAsync(next, CancellationToken.None);
        Host.Addresses().Should().NotContain("10.99.0.100").And.NotContain("10.99.0.102");
    }

    [Fact]
    public async Task RenewLease_OneInstanceDue_RenewsInTheSameBatchTheOthersHalfWayWhoseMasterCalledLately()
    {
        // Three instances of one namespace, lease 3 s: renewal period 1 s, others renewed with a due one from half a
        // period (0.5 s) on when their master called within a quarter (0.25 s).
        var clock = new SteppedTimeProvider();
        using LinuxVipBinder first = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        using LinuxVipBinder alive = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        using LinuxVipBinder hung = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        VrrpInstanceSettings firstSettings = Named("VI_1", new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"), 24));
        VrrpInstanceSettings aliveSettings = Named("VI_2", new VrrpVirtualAddress(IPAddress.Parse("10.99.0.101"), 24), new VrrpVirtualAddress(IPAddress.Parse("fd00:99::101"), 64));
        VrrpInstanceSettings hungSettings = Named("VI_3", new VrrpVirtualAddress(IPAddress.Parse("10.99.0.102"), 24));
        await first.AddAsync(firstSettings, CancellationToken.None);
        clock.Step(600);
        await alive.AddAsync(aliveSettings, CancellationToken.None);
        await hung.AddAsync(hungSettings, CancellationToken.None);
        hung.RenewLease(hungSettings);

        // Real time for the kernel's lifetimes to count down to 2 s; then the clock is 1.1 s after the first add.
        Thread.Sleep(1200);
        clock.Step(500);
        alive.RenewLease(aliveSettings);
        Host.Addresses().Should().MatchRegex(@"inet 10\.99\.0\.101/24 .*valid_lft [12]sec", "half way, not due: that call renewed nothing");
        first.RenewLease(firstSettings);

        string addresses = Host.Addresses();
        addresses.Should().MatchRegex(@"inet 10\.99\.0\.100/24 .*valid_lft 3sec", "VI_1 was due");
        addresses.Should().MatchRegex(@"inet 10\.99\.0\.101/24 .*valid_lft 3sec", "VI_2 is half way and its master just called")
            .And.MatchRegex(@"inet6 fd00:99::101/64 .*valid_lft 3sec");
        addresses.Should().MatchRegex(@"inet 10\.99\.0\.102/24 .*valid_lft [12]sec", "VI_3's master last called 0.5 s ago: it may be hung");
    }

    [Fact]
    public async Task RenewLease_AnotherInstanceRemovedOrChangedItsAddresses_TheDueRenewalDoesNotBindThemAgain()
    {
        var clock = new SteppedTimeProvider();
        using LinuxVipBinder first = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        using LinuxVipBinder removing = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        using LinuxVipBinder changing = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        VrrpInstanceSettings firstSettings = Named("VI_1", new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"), 24));
        VrrpInstanceSettings removingSettings = Named("VI_2", new VrrpVirtualAddress(IPAddress.Parse("10.99.0.101"), 24));
        var kept = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.102"), 24);
        var dropped = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.103"), 24);
        VrrpInstanceSettings changingSettings = Named("VI_3", kept, dropped);
        await first.AddAsync(firstSettings, CancellationToken.None);
        clock.Step(600);
        await removing.AddAsync(removingSettings, CancellationToken.None);
        await changing.AddAsync(changingSettings, CancellationToken.None);
        clock.Step(500);
        removing.RenewLease(removingSettings);
        changing.RenewLease(changingSettings);

        // Both masters called lately and are half way: without forgetting, VI_1's renewal would carry their requests.
        await removing.RemoveAsync(removingSettings, CancellationToken.None);
        await changing.ChangeAddressesAsync(Named("VI_3", kept), [], [dropped], CancellationToken.None);
        first.RenewLease(firstSettings);

        Host.Addresses().Should().Contain("10.99.0.100").And.Contain("10.99.0.102")
            .And.NotContain("10.99.0.101").And.NotContain("10.99.0.103");
    }

    [Fact]
    public async Task ChangeAddressesAsync_WithALease_FailingHalfWay_TheKeptAddressesAreStillRenewed()
    {
        var clock = new SteppedTimeProvider();
        using LinuxVipBinder binder = OpenBinder(clock, lease: TimeSpan.FromSeconds(3));
        var kept = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.100"), 24);
        var removed = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.101"), 24);
        var invalid = new VrrpVirtualAddress(IPAddress.Parse("10.99.0.102"), 24) { Label = "eth1:x" };
        await binder.AddAsync(OnEth0(kept, removed), CancellationToken.None);
        VrrpInstanceSettings next = OnEth0(kept, invalid);

        Func<Task> change = async () => await binder.ChangeAddressesAsync(next, [invalid], [removed], CancellationToken.None);

        await change.Should().ThrowAsync<ArgumentException>();
        Host.Addresses().Should().NotContain("10.99.0.101").And.NotContain("10.99.0.102");
        Thread.Sleep(1200);
        clock.Step();
        binder.RenewLease(next);
        Host.Addresses().Should().MatchRegex(@"inet 10\.99\.0\.100/24 .*valid_lft 3sec", "the master still advertises: its kept address stays renewed")
            .And.NotContain("10.99.0.101");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TransactBatch_AcknowledgeLastOnly_ReportsEachFailureAtItsPositionAndTheOthersAsDone(int failing)
    {
        // Three RTM_NEWADDR requests; the failing one names interface index 0 (ENODEV). Without acknowledgements for
        // the first two, only a failure or the last request's acknowledgement comes back.
        int eth0 = int.Parse(Host.Ip("-o", "link", "show", "dev", "eth0").Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        byte[] requests = new byte[3 * AddressRequest.Length];
        int length = 0;
        for (int i = 0; i < 3; i++)
        {
            var address = new VrrpVirtualAddress(IPAddress.Parse($"10.99.0.{110 + i}"), 24);
            NetlinkMessageWriter request = AddressRequest.Write(requests.AsSpan(length), Interop.RTM_NEWADDR, Interop.NLM_F_CREATE | Interop.NLM_F_REPLACE, address, i == failing ? 0 : eth0, LinuxAddressScope.Global, 0);
            length += request.Finish(0).Length;
        }

        int[] errors = new int[3];
        string?[] texts = new string?[3];
        using NetlinkSocket socket = NetworkNamespaceThread.Run(Host.Namespace, () => NetlinkSocket.Open());

        socket.TransactBatch(requests.AsSpan(0, length), errors, texts, acknowledgeLastOnly: true);

        errors.Should().Equal(Enumerable.Range(0, 3).Select(i => i == failing ? (int)Interop.Errno.ENODEV : 0));
        string addresses = Host.Addresses();
        for (int i = 0; i < 3; i++)
        {
            if (i == failing)
            {
                addresses.Should().NotContain($"10.99.0.{110 + i}");
            }
            else
            {
                addresses.Should().Contain($"inet 10.99.0.{110 + i}/24");
            }
        }

        // Nothing is left unread: the same batch again gets its own answers.
        socket.TransactBatch(requests.AsSpan(0, length), errors, texts, acknowledgeLastOnly: true);
        errors.Should().Equal(Enumerable.Range(0, 3).Select(i => i == failing ? (int)Interop.Errno.ENODEV : 0));
    }

    /// <summary>A clock whose timestamp moves one second (or the milliseconds given) at each <see cref="Step"/> (and never by itself).</summary>
    private sealed class SteppedTimeProvider : TimeProvider
    {
        private long _now = 1_000_000;

        public override long TimestampFrequency => 1_000;

        public override long GetTimestamp() => Interlocked.Read(ref _now);

        public void Step(long milliseconds = 1_000) => Interlocked.Add(ref _now, milliseconds);
    }

    private static VrrpInstanceSettings Named(string name, params VrrpVirtualAddress[] addresses) => OnEth0(addresses) with { Name = name };

    /// <summary>Instance VI_1 (VRID 1) on eth0 with the given virtual addresses.</summary>
    private static VrrpInstanceSettings OnEth0(params VrrpVirtualAddress[] addresses) => new()
    {
        Name = "VI_1",
        VirtualRouterId = 1,
        PrimaryAddress = IPAddress.Any,
        InterfaceName = "eth0",
        VirtualAddresses = [.. addresses],
    };

    private LinuxVipBinder OpenBinder(TimeProvider? timeProvider = null, TimeSpan? lease = null) =>
        NetworkNamespaceThread.Run(Host.Namespace, () => LinuxVipBinder.Open("eth0", timeProvider: timeProvider, lease: lease));

    private NetlinkAddresses Open() => NetworkNamespaceThread.Run(Host.Namespace, () => NetlinkAddresses.Open());
}
