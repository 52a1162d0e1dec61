namespace Vrrp.Testing;

/// <summary>
/// An <see cref="IVipBinder"/> that binds nothing and records every call with the time it happened, so a test can
/// assert who held the virtual addresses when, and how many gratuitous ARP / NA announcements were made.
/// Thread-safe.
/// </summary>
public sealed class RecordingVipBinder : IVipBinder
{
    private readonly TimeProvider _timeProvider;
    private readonly List<VipBindingEvent> _events = [];
    private readonly Lock _lock = new();
    private readonly HashSet<string> _bound = new(StringComparer.Ordinal);

    /// <summary>Creates a binder that timestamps calls with <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public RecordingVipBinder(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets a copy of the recorded calls, oldest first.</summary>
    public IReadOnlyList<VipBindingEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Gets how many announcements (gratuitous ARP / NA rounds) were made.</summary>
    public int AnnouncementCount
    {
        get
        {
            lock (_lock)
            {
                return _events.FindAll(e => e.Kind == VipBindingEventKind.Announced).Count;
            }
        }
    }

    /// <summary>Gets whether the named instance's addresses are bound now.</summary>
    /// <param name="instanceName">The instance's name.</param>
    /// <returns><see langword="true"/> between an add and the next remove.</returns>
    public bool IsBound(string instanceName)
    {
        lock (_lock)
        {
            return _bound.Contains(instanceName);
        }
    }

    /// <summary>Forgets that the named instance's addresses are bound (used when a simulated host crashes with them).</summary>
    /// <param name="instanceName">The instance's name.</param>
    public void Forget(string instanceName)
    {
        lock (_lock)
        {
            _bound.Remove(instanceName);
        }
    }

    /// <inheritdoc/>
    public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) =>
        Record(instance, VipBindingEventKind.Added);

    /// <inheritdoc/>
    public ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) =>
        Record(instance, VipBindingEventKind.Removed);

    /// <inheritdoc/>
    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) =>
        Record(instance, VipBindingEventKind.Announced);

    /// <inheritdoc/>
    /// <remarks>Records a Removed event for <paramref name="removed"/>, then Added and Announced events for <paramref name="added"/>, each with <see cref="VipBindingEvent.IsChange"/> set; the instance stays bound.</remarks>
    public ValueTask ChangeAddressesAsync(VrrpInstanceSettings instance, IReadOnlyList<VrrpVirtualAddress> added, IReadOnlyList<VrrpVirtualAddress> removed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (removed.Count > 0)
            {
                _events.Add(new VipBindingEvent(now, instance.Name, VipBindingEventKind.Removed) { Addresses = [.. removed], IsChange = true });
            }

            if (added.Count > 0)
            {
                _events.Add(new VipBindingEvent(now, instance.Name, VipBindingEventKind.Added) { Addresses = [.. added], IsChange = true });
                _events.Add(new VipBindingEvent(now, instance.Name, VipBindingEventKind.Announced) { Addresses = [.. added], IsChange = true });
            }
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask Record(VrrpInstanceSettings instance, VipBindingEventKind kind)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_lock)
        {
            _events.Add(new VipBindingEvent(_timeProvider.GetUtcNow(), instance.Name, kind) { Addresses = instance.VirtualAddresses });
            if (kind == VipBindingEventKind.Added)
            {
                _bound.Add(instance.Name);
            }
            else if (kind == VipBindingEventKind.Removed)
            {
                _bound.Remove(instance.Name);
            }
        }

        return ValueTask.CompletedTask;
    }
}
