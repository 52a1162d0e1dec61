namespace Vrrp;

/// <summary>
/// Binds and releases an instance's virtual addresses (<see cref="VrrpInstanceSettings.VirtualAddresses"/>) and
/// announces them (gratuitous ARP for IPv4, unsolicited Neighbor Advertisements for IPv6). An implementation may
/// talk to the kernel (netlink), a cloud API or a test recorder. Calls for one instance never overlap.
/// </summary>
public interface IVipBinder
{
    /// <summary>Binds the instance's virtual addresses (on becoming master).</summary>
    /// <param name="instance">The instance's settings.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the addresses are bound.</returns>
    ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken);

    /// <summary>Removes the instance's virtual addresses (on leaving master).</summary>
    /// <param name="instance">The instance's settings.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the addresses are removed.</returns>
    ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken);

    /// <summary>
    /// Announces the bound addresses (gratuitous ARP / unsolicited NA): on becoming master, and again whenever the
    /// master wins a contention, so that caches that followed another master during a split brain come back.
    /// Repeats and delays (keepalived's <c>garp_master_repeat</c>, <c>garp_master_delay</c>) are the binder's policy.
    /// </summary>
    /// <param name="instance">The instance's settings.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the announcement is sent.</returns>
    ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken);

    /// <summary>
    /// Announces the bound addresses again because the master heard a lower-priority advertisement (a split brain is
    /// healing), on keepalived's <c>garp_lower_prio_repeat</c> / <c>garp_lower_prio_delay</c> schedule; a repeat of 0
    /// sends nothing. The default calls <see cref="AnnounceAsync"/>.
    /// </summary>
    /// <param name="instance">The instance's settings.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the announcement is sent.</returns>
    ValueTask ReannounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => AnnounceAsync(instance, cancellationToken);
}
