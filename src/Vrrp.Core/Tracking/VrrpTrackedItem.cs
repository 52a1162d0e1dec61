namespace Vrrp.Tracking;

/// <summary>
/// A health check or interface whose state moves an instance's priority or puts it in fault: keepalived's
/// <c>track_script</c> / <c>track_interface</c> entry with its <c>vrrp_script</c> hysteresis. Results are reported to
/// <c>VrrpInstance.ReportTrackedItem</c>; this type holds only the policy.
/// </summary>
public sealed record VrrpTrackedItem
{
    /// <summary>The largest weight magnitude keepalived accepts.</summary>
    public const int MaxWeight = 253;

    /// <summary>The largest weight magnitude of a value item (keepalived's <c>track_file</c> takes -254..254).</summary>
    public const int MaxValueWeight = 254;

    /// <summary>Gets the name used in reports and explanations, e.g. <c>chk_haproxy</c>.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Gets the weight: positive adds it to the priority while the item is up, negative subtracts its magnitude while
    /// the item is down, 0 puts the instance in Fault while the item is down (keepalived's rules).
    /// </summary>
    /// <value>The default value is 0. Allowed: -253 to 253.</value>
    public int Weight { get; init; }

    /// <summary>Gets whether up and down are swapped for the weight (keepalived's <c>weight W reverse</c>).</summary>
    public bool Reverse { get; init; }

    /// <summary>Gets how many consecutive successes bring a down item up.</summary>
    /// <value>The default value is 1.</value>
    public int Rise { get; init; } = 1;

    /// <summary>Gets how many consecutive failures bring an up item down.</summary>
    /// <value>The default value is 1.</value>
    public int Fall { get; init; } = 1;

    /// <summary>Gets whether the item starts down until it has risen (keepalived's <c>init_fail</c>); otherwise it starts up.</summary>
    public bool InitFail { get; init; }

    /// <summary>
    /// Gets whether the item reports an integer instead of up/down (keepalived's <c>track_file</c>), through
    /// <c>VrrpInstance.ReportTrackedValue</c>. The priority moves by value x weight (negated by <see cref="Reverse"/>),
    /// and a result of -254 or less puts the instance in Fault; with weight 0 a non-zero value is a fault (with
    /// <see cref="Reverse"/>, a zero value). The value starts at 0; <see cref="Rise"/>, <see cref="Fall"/> and
    /// <see cref="InitFail"/> do not apply.
    /// </summary>
    public bool IsValue { get; init; }

    /// <summary>Lists what is wrong with these settings.</summary>
    /// <returns>One message per problem; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("A tracked item needs a name.");
        }

        int maxWeight = IsValue ? MaxValueWeight : MaxWeight;
        if (Weight < -maxWeight || Weight > maxWeight)
        {
            errors.Add($"Tracked item '{Name}': weight {Weight} is outside -{maxWeight}..{maxWeight}.");
        }

        if (Rise < 1)
        {
            errors.Add($"Tracked item '{Name}': rise must be at least 1; got {Rise}.");
        }

        if (Fall < 1)
        {
            errors.Add($"Tracked item '{Name}': fall must be at least 1; got {Fall}.");
        }

        return errors;
    }

    internal static void ThrowIfInvalid(VrrpTrackedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        IReadOnlyList<string> errors = item.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(item));
        }
    }
}
