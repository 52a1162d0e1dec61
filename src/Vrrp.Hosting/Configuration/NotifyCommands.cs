namespace Vrrp.Hosting.Configuration;

/// <summary>An instance's notify hooks as written in keepalived.conf (command lines, split into arguments when run).</summary>
/// <param name="Master">keepalived's <c>notify_master</c>, or null.</param>
/// <param name="Backup">keepalived's <c>notify_backup</c>, or null.</param>
/// <param name="Fault">keepalived's <c>notify_fault</c>, or null.</param>
/// <param name="Stop">keepalived's <c>notify_stop</c>, or null.</param>
/// <param name="Any">keepalived's <c>notify</c>, run on every change with <c>INSTANCE name STATE priority</c> appended, or null.</param>
internal sealed record NotifyCommands(string? Master, string? Backup, string? Fault, string? Stop, string? Any)
{
    public static NotifyCommands None { get; } = new(null, null, null, null, null);

    /// <summary>The hooks of an instance or a sync group.</summary>
    public static NotifyCommands Of(Config.Options.VrrpTrackingOptions options) =>
        new(options.NotifyMaster, options.NotifyBackup, options.NotifyFault, options.NotifyStop, options.Notify);

    public bool IsEmpty => Master is null && Backup is null && Fault is null && Stop is null && Any is null;
}
