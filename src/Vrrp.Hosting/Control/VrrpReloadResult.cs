namespace Vrrp.Hosting.Control;

/// <summary>The outcome of a reload (or of a dry run): the plan, and the errors that stopped it.</summary>
public sealed record VrrpReloadResult
{
    /// <summary>Gets when the reload was asked for.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets a value indicating whether the plan was only computed, not applied.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets a value indicating whether the configuration was read and validated (and, unless a dry run, applied).</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Gets the errors (with <c>file:line:col</c> where there is one); the running configuration was left unchanged.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Gets the plan: one action per instance and sync group, unchanged ones included.</summary>
    public IReadOnlyList<VrrpReloadAction> Actions { get; init; } = [];
}
