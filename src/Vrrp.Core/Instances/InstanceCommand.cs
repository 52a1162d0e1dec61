using System.Runtime.InteropServices;
using Vrrp.StateMachine;

namespace Vrrp.Instances;

/// <summary>One entry of an instance's input queue: a state machine input, or something the driver turns into one.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct InstanceCommand
{
    private InstanceCommand(InstanceCommandKind kind, in VrrpInput input, int index, bool flag)
    {
        Kind = kind;
        Input = input;
        Index = index;
        Flag = flag;
    }

    public InstanceCommandKind Kind { get; }

    public VrrpInput Input { get; }

    /// <summary>Gets the tracked item's index (<see cref="InstanceCommandKind.TrackResult"/>).</summary>
    public int Index { get; }

    /// <summary>Gets the result, link state or sync fault.</summary>
    public bool Flag { get; }

    public static InstanceCommand Machine(in VrrpInput input) => new(InstanceCommandKind.Machine, input, 0, false);

    public static InstanceCommand TrackResult(int index, bool success) => new(InstanceCommandKind.TrackResult, default, index, success);

    public static InstanceCommand Link(bool up) => new(InstanceCommandKind.Link, default, 0, up);

    public static InstanceCommand SyncFault(bool faulted) => new(InstanceCommandKind.SyncFault, default, 0, faulted);

    /// <summary>The new source address, or <see langword="default"/> when the interface has no usable one.</summary>
    public static InstanceCommand SourceAddress(VrrpAddress address) =>
        new(InstanceCommandKind.SourceAddress, VrrpInput.PrimaryAddressChanged(address), 0, !address.IsEmpty);

    public static InstanceCommand TimerWake() => new(InstanceCommandKind.TimerWake, default, 0, false);
}
