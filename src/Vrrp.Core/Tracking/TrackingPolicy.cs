using System.Globalization;
using System.Text;

namespace Vrrp.Tracking;

/// <summary>
/// keepalived's tracking policy for one instance, pure: rise/fall hysteresis per item, the effective priority
/// (base plus weights, clamped to 1..254; an owner's 255 never moves) and fault when a weight-0 item is down.
/// Value items (keepalived's <c>track_file</c>) carry an integer instead: value x weight moves the priority.
/// Reporting a result never allocates. Not thread-safe: the instance's input loop owns it.
/// </summary>
internal sealed class TrackingPolicy
{
    // keepalived clamps a file's value x weight to [-254, 253]; -254 is its fault mark.
    private const int ValueFault = -254;
    private const int MaxValueAdjustment = 253;

    private readonly VrrpTrackedItem[] _items;
    private readonly bool[] _up;
    private readonly int[] _streak;
    private readonly long[] _values;
    private readonly Dictionary<string, int> _indexByName;

    public TrackingPolicy(byte basePriority, IReadOnlyList<VrrpTrackedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        BasePriority = basePriority;
        _items = new VrrpTrackedItem[items.Count];
        _up = new bool[items.Count];
        _streak = new int[items.Count];
        _values = new long[items.Count];
        _indexByName = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            VrrpTrackedItem.ThrowIfInvalid(items[i]);
            if (!_indexByName.TryAdd(items[i].Name, i))
            {
                throw new ArgumentException($"Tracked item '{items[i].Name}' is listed twice.", nameof(items));
            }

            _items[i] = items[i];
            _up[i] = items[i].IsValue ? !ValueCausesFault(items[i], 0) : !items[i].InitFail;
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
        if (item.IsValue)
        {
            return ReportValue(index, success ? 0 : 1);
        }

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

    /// <summary>Puts an item up or down at once, without rise or fall (what-if checks: <see cref="VrrpInstanceSettings.PriorityWhen"/>).</summary>
    /// <param name="index">The item.</param>
    /// <param name="up">Up (a value item: value 0) or down (value 1).</param>
    public void SetUp(int index, bool up)
    {
        if (_items[index].IsValue)
        {
            ReportValue(index, up ? 0 : 1);
            return;
        }

        _up[index] = up;
        _streak[index] = 0;
        Recompute();
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

    /// <summary>Records the value of a value item (<see cref="VrrpTrackedItem.IsValue"/>); no hysteresis.</summary>
    /// <param name="index">The item.</param>
    /// <param name="value">The value read (keepalived's track_file content).</param>
    /// <returns><see langword="true"/> when the value changed, so priority or fault may have changed.</returns>
    public bool ReportValue(int index, long value)
    {
        VrrpTrackedItem item = _items[index];
        if (!item.IsValue || _values[index] == value)
        {
            return false;
        }

        _values[index] = value;
        _up[index] = !ValueCausesFault(item, value);
        Recompute();
        return true;
    }

    public bool IsUp(int index) => _up[index];

    public VrrpTrackedItemStatus GetStatus(int index)
    {
        VrrpTrackedItem item = _items[index];
        return new VrrpTrackedItemStatus(item.Name, _up[index], item.Weight, AdjustmentOf(index), CausesFault(index), _streak[index])
        {
            Value = item.IsValue ? _values[index] : null,
        };
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
                .Append(" (").Append(_items[i].Name);
            if (_items[i].IsValue)
            {
                text.Append(" = ").Append(_values[i].ToString(CultureInfo.InvariantCulture)).Append(')');
            }
            else
            {
                text.Append(_up[i] ? " up" : " failing").Append(')');
            }
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

                text.Append(_items[i].Name);
                if (_items[i].IsValue)
                {
                    text.Append(" = ").Append(_values[i].ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(_up[i] ? " up (weight 0, reverse)" : " failing (weight 0)");
                }
            }
        }

        return text.ToString();
    }

    // keepalived: a positive weight counts while the item is up, a negative one while it is down; reverse swaps them.
    private int AdjustmentOf(int index)
    {
        VrrpTrackedItem item = _items[index];
        if (item.IsValue)
        {
            int scaled = ScaledValue(item, _values[index]);
            return item.Weight == 0 || scaled == ValueFault ? 0 : scaled;
        }

        bool effectiveUp = _up[index] ^ item.Reverse;
        return item.Weight switch
        {
            > 0 when effectiveUp => item.Weight,
            < 0 when !effectiveUp => item.Weight,
            _ => 0,
        };
    }

    private bool CausesFault(int index) => _items[index].IsValue
        ? ValueCausesFault(_items[index], _values[index])
        : _items[index].Weight == 0 && !(_up[index] ^ _items[index].Reverse);

    // keepalived's track_file: weight 0 faults on a non-zero value (reverse: on zero), else value x weight at -254 or below.
    private static bool ValueCausesFault(VrrpTrackedItem item, long value) => item.Weight == 0
        ? (value != 0) ^ item.Reverse
        : ScaledValue(item, value) == ValueFault;

    private static int ScaledValue(VrrpTrackedItem item, long value)
    {
        // |value| <= 2^31 and |weight| <= 254, so the product fits a long.
        long scaled = Math.Clamp(value, int.MinValue, (long)int.MaxValue + 1) * item.Weight * (item.Reverse ? -1 : 1);
        return (int)Math.Clamp(scaled, ValueFault, MaxValueAdjustment);
    }

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
