namespace Vrrp.Instances;

/// <summary>
/// What differs between the settings an instance runs with and new ones (a reload), and whether the difference can be
/// applied to the running instance (<see cref="VrrpInstance.ApplySettingsAsync"/>) or needs the instance restarted.
/// </summary>
public sealed record VrrpSettingsDiff
{
    /// <summary>Gets a value indicating whether the settings are the same.</summary>
    public bool IsEmpty => Changes.Count == 0 && RestartReasons.Count == 0;

    /// <summary>Gets a value indicating whether some change cannot be applied live: the instance must be restarted.</summary>
    public bool RequiresRestart => RestartReasons.Count > 0;

    /// <summary>Gets the changes that apply live, one line each (<c>priority 100 -> 90</c>).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Gets the changes that need a restart, one line each (<c>interface eth0 -> eth1</c>).</summary>
    public IReadOnlyList<string> RestartReasons { get; init; } = [];

    /// <summary>Gets the virtual addresses the new settings add.</summary>
    public IReadOnlyList<VrrpVirtualAddress> AddedAddresses { get; init; } = [];

    /// <summary>Gets the virtual addresses the new settings remove.</summary>
    public IReadOnlyList<VrrpVirtualAddress> RemovedAddresses { get; init; } = [];

    /// <summary>Compares running settings with new ones.</summary>
    /// <param name="running">The settings the instance runs with.</param>
    /// <param name="next">The new settings.</param>
    /// <returns>The difference.</returns>
    public static VrrpSettingsDiff Compare(VrrpInstanceSettings running, VrrpInstanceSettings next) =>
        throw new NotImplementedException("issue 12: the core helper implements this.");
}
