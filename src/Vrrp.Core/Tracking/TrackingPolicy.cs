using System.Globalization;
using System.Text;

namespace Vrrp.Tracking;

/// <summary>
/// keepalived's tracking policy for one instance, pure: rise/fall hysteresis per item, the effective priority
/// (base plus weights, clamped to 1..254; an owner's 255 never moves) and fault when a weight-0 item is down.
/// Reporting a result never allocates. Not thread-safe: the instance's input loop owns it.
/// </summary>
internal sealed class TrackingPolicy
{
    private readonly VrrpTrackedItem[] _items;
    private readonly bool[] _up;
    private readonly int[] _streak;
    private readonly Dictionary<string, int> _indexByName;

    public TrackingPolicy(byte basePriority, IReadOnlyList<VrrpTrackedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        BasePriority = basePriority;
        _items = new VrrpTrackedItem[items.Count];
        _up = new bool[items.Count];
        _streak = new int[items.Count];
        _indexByName = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            VrrpTrackedItem.ThrowIfInvalid(items[i]);
            if (!_indexByName.TryAdd(items[i].Name, i))
            {
                throw new ArgumentException($"Tracked item '{items[i].Name}' is listed twice.", nameof(items));
            }

            _items[i] = items[i];
            _up[i] = !items[i].InitFail;
        }

        Recompute();
    }

    public byte BasePriority { get; private set; }

    public byte EffectivePriority { get; private set; }

    /// <summary>Gets the sum of the weights in force, before clamping.</summary>
    public int Adjustment { get; private set; }

    public bool IsFaulted { get; private set; }

    public int Count => _items.Length;

    public int IndexOf(string name) => _indexByName.TryGetValue(name, out int index) ? index : -1;

    /// <summary>Records one check result.</summary>
    /// <param name="index">The item.</param>
    /// <param name="success">Whether the check passed (or the interface is up).</param>
    /// <returns><see langword="true"/> when the item went up or down, so priority or fault may have changed.</returns>
    public bool Report(int index, bool success)
    {
        VrrpTrackedItem item = _items[index];
        int streak = _streak[index];
        streak = success ? Math.Max(streak, 0) + 1 : Math.Min(streak, 0) - 1;
        _streak[index] = streak;

        bool up = _up[index];
        bool newUp = up ? !(-streak >= item.Fall) : streak >= item.Rise;
        if (newUp == up)
        {
            return false;
        }

        _up[index] = newUp;
        Recompute();
        return true;
    }

    /// <summary>
    /// Takes a new base priority and new settings for the same items (same names, same order: a reload that changed
    /// weights, reverse, rise, fall or init_fail); each item keeps its up/down state and streak.
    /// </summary>
    /// <param name="basePriority">The new configured priority.</param>
    /// <param name="items">The items, named as before in the same order.</param>
    /// <exception cref="ArgumentException">An item is invalid, or the names differ.</exception>
    public void Reconfigure(byte basePriority, IReadOnlyList<VrrpTrackedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count != _items.Length)
        {
            throw new ArgumentException($"A running instance tracks {_items.Length} items; {items.Count} were given.", nameof(items));
        }

        for (int i = 0; i < items.Count; i++)
        {
            VrrpTrackedItem.ThrowIfInvalid(items[i]);
            if (!string.Equals(items[i].Name, _items[i].Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Tracked item {i} of a running instance is '{_items[i].Name}', not '{items[i].Name}'.", nameof(items));
            }
        }

        for (int i = 0; i < items.Count; i++)
        {
            _items[i] = items[i];
        }

        BasePriority = basePriority;
        Recompute();
    }

    public bool IsUp(int index) => _up[index];

    public VrrpTrackedItemStatus GetStatus(int index)
    {
        VrrpTrackedItem item = _items[index];
        return new VrrpTrackedItemStatus(item.Name, _up[index], item.Weight, AdjustmentOf(index), CausesFault(index), _streak[index]);
    }

    /// <summary>Explains the effective priority, e.g. <c>96 = 100 - 4 (chk_haproxy failing)</c>.</summary>
    /// <returns>The explanation.</returns>
    public string DescribePriority()
    {
        var text = new StringBuilder();
        text.Append(EffectivePriority.ToString(CultureInfo.InvariantCulture));
        if (BasePriority == 255)
        {
            return text.Append(" (address owner: tracking does not change it)").ToString();
        }

        bool any = false;
        for (int i = 0; i < _items.Length; i++)
        {
            int adjustment = AdjustmentOf(i);
            if (adjustment == 0)
            {
                continue;
            }

            if (!any)
            {
                text.Append(" = ").Append(BasePriority.ToString(CultureInfo.InvariantCulture));
                any = true;
            }

            text.Append(adjustment < 0 ? " - " : " + ")
                .Append(Math.Abs(adjustment).ToString(CultureInfo.InvariantCulture))
                .Append(" (").Append(_items[i].Name).Append(_up[i] ? " up" : " failing").Append(')');
        }

        int unclamped = BasePriority + Adjustment;
        if (unclamped != EffectivePriority)
        {
            text.Append(", clamped to 1..254");
        }

        return text.ToString();
    }

    /// <summary>Names the items that cause a fault, e.g. <c>chk_haproxy failing (weight 0)</c>.</summary>
    /// <returns>The explanation, or an empty string when none does.</returns>
    public string DescribeFault()
    {
        var text = new StringBuilder();
        for (int i = 0; i < _items.Length; i++)
        {
            if (CausesFault(i))
            {
                if (text.Length > 0)
                {
                    text.Append(", ");
                }

                text.Append(_items[i].Name).Append(_up[i] ? " up (weight 0, reverse)" : " failing (weight 0)");
            }
        }

        return text.ToString();
    }

    // keepalived: a positive weight counts while the item is up, a negative one while it is down; reverse swaps them.
    private int AdjustmentOf(int index)
    {
        VrrpTrackedItem item = _items[index];
        bool effectiveUp = _up[index] ^ item.Reverse;
        return item.Weight switch
        {
            > 0 when effectiveUp => item.Weight,
            < 0 when !effectiveUp => item.Weight,
            _ => 0,
        };
    }

    private bool CausesFault(int index) => _items[index].Weight == 0 && !(_up[index] ^ _items[index].Reverse);

    private void Recompute()
    {
        int adjustment = 0;
        bool faulted = false;
        for (int i = 0; i < _items.Length; i++)
        {
            adjustment += AdjustmentOf(i);
            faulted |= CausesFault(i);
        }

        Adjustment = adjustment;
        IsFaulted = faulted;
        EffectivePriority = BasePriority == 255 ? (byte)255 : (byte)Math.Clamp(BasePriority + adjustment, 1, 254);
    }
}
