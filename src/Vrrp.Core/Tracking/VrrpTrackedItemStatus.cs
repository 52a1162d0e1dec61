namespace Vrrp.Tracking;

/// <summary>A snapshot of one tracked item.</summary>
/// <param name="Name">The item's name.</param>
/// <param name="IsUp">Whether the item is up after rise/fall hysteresis.</param>
/// <param name="Weight">The configured weight.</param>
/// <param name="PriorityAdjustment">What the item adds to (or subtracts from) the priority now.</param>
/// <param name="CausesFault">Whether the item (weight 0, down) puts the instance in fault now.</param>
/// <param name="ConsecutiveResults">How many results in a row agreed with the last one (positive successes, negative failures).</param>
public sealed record VrrpTrackedItemStatus(string Name, bool IsUp, int Weight, int PriorityAdjustment, bool CausesFault, int ConsecutiveResults)
{
    /// <summary>Gets the last value reported for a value item (<see cref="VrrpTrackedItem.IsValue"/>, keepalived's <c>track_file</c>), else <see langword="null"/>.</summary>
    public long? Value { get; init; }
}
