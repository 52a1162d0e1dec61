namespace Vrrp.Instances;

/// <summary>
/// The instance's input FIFO: a ring that doubles up to <c>limit</c> entries and never shrinks, so once it has grown
/// to the depth the instance sees, enqueue and dequeue allocate nothing. It starts small because an idle instance
/// holds one input at a time and a host may run hundreds of instances. Not thread-safe: the instance's queue lock guards it.
/// </summary>
/// <param name="limit">The most entries it ever holds; the caller checks <see cref="Count"/> before <see cref="Enqueue"/>.</param>
internal sealed class CommandRing(int limit)
{
    private InstanceCommand[] _items = new InstanceCommand[Math.Min(8, limit)];
    private int _head;

    /// <summary>Gets the number of queued entries.</summary>
    public int Count { get; private set; }

    /// <summary>Adds an entry at the tail; the caller made sure <see cref="Count"/> is below the limit.</summary>
    public void Enqueue(in InstanceCommand command)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        int tail = _head + Count;
        _items[tail < _items.Length ? tail : tail - _items.Length] = command;
        Count++;
    }

    /// <summary>Takes the entry at the head; false when empty.</summary>
    public bool TryDequeue(out InstanceCommand command)
    {
        if (Count == 0)
        {
            command = default;
            return false;
        }

        ref InstanceCommand slot = ref _items[_head];
        command = slot;
        if (slot.Payload is not null)
        {
            // A probe or settings change must not stay reachable from the ring after it ran.
            slot = default;
        }

        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        Count--;
        return true;
    }

    private void Grow()
    {
        if (_items.Length >= limit)
        {
            throw new InvalidOperationException($"The input ring is full ({limit} entries).");
        }

        var items = new InstanceCommand[Math.Min(_items.Length * 2, limit)];
        for (int i = 0; i < Count; i++)
        {
            int index = _head + i;
            items[i] = _items[index < _items.Length ? index : index - _items.Length];
        }

        _items = items;
        _head = 0;
    }
}
