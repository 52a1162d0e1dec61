namespace Vrrp.Testing;

/// <summary>One call recorded by a <see cref="RecordingVipBinder"/>.</summary>
/// <param name="Time">The clock's time at the call.</param>
/// <param name="InstanceName">The instance that made the call.</param>
/// <param name="Kind">What was asked.</param>
public sealed record VipBindingEvent(DateTimeOffset Time, string InstanceName, VipBindingEventKind Kind);
