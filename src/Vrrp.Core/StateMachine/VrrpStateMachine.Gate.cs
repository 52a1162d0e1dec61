namespace Vrrp.StateMachine;

/// <summary>
/// The mastership gate (<see cref="IVrrpMastershipGate"/>): a witness outside VRRP, such as etcd's lease, that must
/// agree before this node is master. A backup whose Master_Down_Timer expires waits for it; a master whose gate closes
/// leaves for backup at once; the gate hears when the instance starts and stops wanting mastership.
/// </summary>
internal sealed partial class VrrpStateMachine
{
    private bool _gateOpen;
    private bool _gateWanted;
    private VrrpTransitionReason _gateReason;

    /// <summary>Gets or sets whether a mastership gate decides (set before <see cref="VrrpInputKind.Start"/>); without one the machine is plain VRRP.</summary>
    public bool Gated { get; set; }

    /// <summary>Gets whether the gate is open (this node may be master).</summary>
    public bool GateOpen => _gateOpen;

    /// <summary>Gets whether this backup would be master (its Master_Down_Timer expired) and waits for the gate.</summary>
    public bool WaitsForGate { get; private set; }

    // Becomes master now or, gated and the gate closed, stays a backup that wants mastership until the gate opens.
    private void BecomeMasterWhenPermitted(long now, VrrpTransitionReason reason, Span<VrrpEffect> effects, ref int count)
    {
        if (!Gated || _gateOpen)
        {
            BecomeMaster(now, reason, effects, ref count);
            return;
        }

        WaitsForGate = true;
        _gateReason = reason;

        // A backup always has its timer armed; firing again while it waits changes nothing.
        Arm(VrrpTimerKind.MasterDown, now + ToTicks(MasterDownIntervalMicroseconds), effects, ref count);
    }

    private void OnGateChanged(bool open, long now, Span<VrrpEffect> effects, ref int count)
    {
        if (open == _gateOpen)
        {
            return;
        }

        _gateOpen = open;
        if (!Gated)
        {
            return;
        }

        if (open && State == VrrpState.Backup && WaitsForGate)
        {
            BecomeMaster(now, _gateReason, effects, ref count);
        }
        else if (!open && State == VrrpState.Master)
        {
            // Another node may hold the witness now: release the addresses before the witness's lease can pass to it,
            // and tell the backups on this side at once (priority 0) so that they ask the witness in turn.
            Cancel(effects, ref count);
            effects[count++] = VrrpEffect.SendAdvertisement(0);
            effects[count++] = VrrpEffect.RemoveVirtualAddresses();
            Arm(VrrpTimerKind.MasterDown, now + ToTicks(MasterDownIntervalMicroseconds), effects, ref count);
            _masterStopped = false;
            Transition(VrrpState.Backup, VrrpTransitionReason.Witness, now, effects, ref count);
        }
    }

    // After every step, behind the step's own effects (a release follows the removal of the addresses).
    private void UpdateGateWanted(Span<VrrpEffect> effects, ref int count)
    {
        bool wanted = Gated && (State == VrrpState.Master || (State == VrrpState.Backup && WaitsForGate));
        if (wanted != _gateWanted)
        {
            _gateWanted = wanted;
            effects[count++] = VrrpEffect.Gate(wanted);
        }
    }
}
