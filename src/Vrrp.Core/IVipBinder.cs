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

    /// <summary>
    /// Changes the bound addresses of a master whose address list changed while it runs
    /// (<see cref="Instances.VrrpInstance.ApplySettingsAsync"/>, a reload): removes <paramref name="removed"/>, then
    /// binds and announces <paramref name="added"/>; the other addresses stay bound and are not announced again.
    /// <paramref name="instance"/> holds the new list, which a lease binder renews from now on. The default calls
    /// <see cref="RemoveAsync"/>, <see cref="AddAsync"/> and <see cref="AnnounceAsync"/> with copies of
    /// <paramref name="instance"/> holding only those addresses: override it when the binder keeps state per instance.
    /// </summary>
    /// <param name="instance">The instance's new settings.</param>
    /// <param name="added">The addresses to bind and announce.</param>
    /// <param name="removed">The addresses to release.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the addresses are changed.</returns>
    async ValueTask ChangeAddressesAsync(VrrpInstanceSettings instance, IReadOnlyList<VrrpVirtualAddress> added, IReadOnlyList<VrrpVirtualAddress> removed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        if (removed.Count > 0)
        {
            await RemoveAsync(instance with { VirtualAddresses = removed }, cancellationToken).ConfigureAwait(false);
        }

        if (added.Count > 0)
        {
            VrrpInstanceSettings adding = instance with { VirtualAddresses = added };
            await AddAsync(adding, cancellationToken).ConfigureAwait(false);
            await AnnounceAsync(adding, cancellationToken).ConfigureAwait(false);
        }
    }
}
