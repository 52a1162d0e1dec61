using Microsoft.Extensions.Time.Testing;
using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Tests;

public sealed class VipLeaseRenewalsTests
{
    [LinuxFact("an rtnetlink socket")]
    public void Renew_ManyInstancesWithoutAddressesHalfWay_AllocatesNothing()
    {
        // Instances without addresses (a reload emptied their list) stay registered; a due renewal must neither batch
        // them nor grow its list for them: it runs on the timer thread.
        var clock = new FakeTimeProvider();
        long now = clock.GetTimestamp();
        using NetlinkSocket socket = NetlinkSocket.Open();
        var renewals = new VipLeaseRenewals(socket);
        var due = new VipLeaseRenewal([], [], LinuxAddressScope.Global, 3, clock);
        renewals.Replace(null, due);
        renewals.Renew(due).Should().BeTrue();
        for (int i = 0; i < 100; i++)
        {
            var other = new VipLeaseRenewal([], [], LinuxAddressScope.Global, 3, clock) { CheckedInAt = now };
            other.RenewedAt = now - (other.Period * 3 / 4);
            renewals.Replace(null, other);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool renewed = renewals.Renew(due);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        renewed.Should().BeTrue();
        allocated.Should().Be(0);
    }
}
