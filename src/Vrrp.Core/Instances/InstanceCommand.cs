using System.Runtime.InteropServices;
using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>One entry of an instance's input queue: a state machine input, or something the driver turns into one.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Input">The state machine input (<see cref="InstanceCommandKind.Machine"/>, <see cref="InstanceCommandKind.SourceAddress"/>).</param>
/// <param name="Index">The tracked item's index (<see cref="InstanceCommandKind.TrackResult"/>).</param>
/// <param name="Flag">The result, link state, sync fault, maintenance, or whether a source address is known.</param>
/// <param name="Payload">The settings change (<see cref="InstanceCommandKind.Settings"/>) or the probe's completion (<see cref="InstanceCommandKind.Probe"/>).</param>
/// <param name="Value">A value item's value (<see cref="InstanceCommandKind.TrackValue"/>), or a received advert's age in <see cref="TimeSpan"/> ticks (<see cref="InstanceCommandKind.Machine"/>).</param>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct InstanceCommand(InstanceCommandKind Kind, VrrpInput Input = default, int Index = 0, bool Flag = false, object? Payload = null, long Value = 0)
{
    public static InstanceCommand Machine(in VrrpInput input) => new(InstanceCommandKind.Machine, input, 0, false);

    /// <summary>A received advert, <paramref name="age"/> old when it was handed over (zero: unknown).</summary>
    public static InstanceCommand Received(in VrrpInput input, TimeSpan age) => new(InstanceCommandKind.Machine, input, 0, false, null, age.Ticks);

    public static InstanceCommand TrackResult(int index, bool success) => new(InstanceCommandKind.TrackResult, default, index, success);

    public static InstanceCommand TrackValue(int index, long value) => new(InstanceCommandKind.TrackValue, default, index, false, null, value);

    public static InstanceCommand Link(bool up) => new(InstanceCommandKind.Link, default, 0, up);

    public static InstanceCommand SyncFault(bool faulted) => new(InstanceCommandKind.SyncFault, default, 0, faulted);

    /// <summary>The new source address, or <see langword="default"/> when the interface has no usable one.</summary>
    public static InstanceCommand SourceAddress(VrrpAddress address) =>
        new(InstanceCommandKind.SourceAddress, VrrpInput.PrimaryAddressChanged(address), 0, !address.IsEmpty);

    public static InstanceCommand Settings(SettingsChange change) => new(InstanceCommandKind.Settings, default, 0, false, change);

    public static InstanceCommand Maintenance(bool on) => new(InstanceCommandKind.Maintenance, default, 0, on);

    public static InstanceCommand Probe(TaskCompletionSource<bool> answered) => new(InstanceCommandKind.Probe, default, 0, false, answered);

    public static InstanceCommand TimerWake() => new(InstanceCommandKind.TimerWake, default, 0, false);
}
