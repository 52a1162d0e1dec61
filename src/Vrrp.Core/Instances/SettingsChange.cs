namespace Vrrp.Instances;

/// <summary>New settings on their way to the instance's loop, and the task the caller of <see cref="VrrpInstance.ApplySettingsAsync"/> waits on.</summary>
/// <param name="settings">The new settings, validated, with the running primary address.</param>
internal sealed class SettingsChange(VrrpInstanceSettings settings)
{
    public VrrpInstanceSettings Settings { get; } = settings;

    /// <summary>Completes once the loop applied the settings; faults when they needed a restart after all (another change came first).</summary>
    public TaskCompletionSource Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
