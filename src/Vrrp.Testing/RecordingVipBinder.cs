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

    private ValueTask Record(VrrpInstanceSettings instance, VipBindingEventKind kind)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_lock)
        {
            _events.Add(new VipBindingEvent(_timeProvider.GetUtcNow(), instance.Name, kind));
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
