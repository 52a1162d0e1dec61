using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>
/// The instance's calls to its <see cref="IVipBinder"/> (add, remove, announce, re-announce) and, for an
/// <see cref="IVipLeaseBinder"/>, the lease renewal that rides on every advertisement. A binder failure is counted and
/// noted, never thrown: failover goes on.
/// </summary>
internal sealed class VipBinderCalls
{
    private VrrpInstanceSettings _settings;
    private readonly IVipBinder _binder;
    private readonly IVipLeaseBinder? _lease;
    private readonly VrrpCounterSet _counters;
    private readonly Action<string> _failed;
    private readonly CancellationTokenSource _lifetime;

    public VipBinderCalls(VrrpInstanceSettings settings, IVipBinder binder, VrrpCounterSet counters, Action<string> failed, CancellationTokenSource lifetime)
    {
        _settings = settings;
        _binder = binder;
        _lease = binder as IVipLeaseBinder;
        _counters = counters;
        _failed = failed;
        _lifetime = lifetime;
    }

    /// <summary>Gets or sets the settings the calls pass (replaced on the instance's loop by a live change).</summary>
    public VrrpInstanceSettings Settings
    {
        get => _settings;
        set => _settings = value;
    }

    /// <summary>Gets whether the binder leases the addresses, so that every advertisement renews the lease.</summary>
    public bool Leases => _lease is not null;

    /// <summary>Renews the lease (the VIP lease lives as long as the master's advert path does).</summary>
    public void RenewLease()
    {
        try
        {
            _lease!.RenewLease(_settings);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(VrrpEffectKind.AddVirtualAddresses, ex);
        }
    }

    /// <summary>Calls the binder for an address effect.</summary>
    /// <param name="kind">Add, remove, announce or re-announce.</param>
    /// <returns>A task that completes when the binder is done; it never faults.</returns>
    public ValueTask CallAsync(VrrpEffectKind kind)
    {
        ValueTask pending;
        try
        {
            pending = kind switch
            {
                VrrpEffectKind.AddVirtualAddresses => _binder.AddAsync(_settings, _lifetime.Token),
                VrrpEffectKind.RemoveVirtualAddresses => _binder.RemoveAsync(_settings, _lifetime.Token),
                VrrpEffectKind.ReannounceVirtualAddresses => _binder.ReannounceAsync(_settings, _lifetime.Token),
                _ => _binder.AnnounceAsync(_settings, _lifetime.Token),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(kind, ex);
            return default;
        }

        return pending.IsCompletedSuccessfully ? pending : ObserveAsync(pending, kind);
    }

    /// <summary>Changes the bound addresses of a master whose address list changed live (<see cref="IVipBinder.ChangeAddressesAsync"/>).</summary>
    /// <param name="added">The addresses to bind and announce.</param>
    /// <param name="removed">The addresses to release.</param>
    /// <returns>A task that completes when the binder is done; it never faults.</returns>
    public ValueTask ChangeAsync(IReadOnlyList<VrrpVirtualAddress> added, IReadOnlyList<VrrpVirtualAddress> removed)
    {
        ValueTask pending;
        try
        {
            pending = _binder.ChangeAddressesAsync(_settings, added, removed, _lifetime.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(VrrpEffectKind.AddVirtualAddresses, ex);
            return default;
        }

        return pending.IsCompletedSuccessfully ? pending : ObserveAsync(pending, VrrpEffectKind.AddVirtualAddresses);
    }

    private async ValueTask ObserveAsync(ValueTask pending, VrrpEffectKind kind)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(kind, ex);
        }
    }

    private void Failed(VrrpEffectKind kind, Exception ex)
    {
        _counters.BinderError();
        _failed($"{kind} failed: {ex.Message}");
    }
}
