using System.Globalization;
using System.Text;
using Vrrp.StateMachine;
using Vrrp.Tracking;

namespace Vrrp.Instances;

/// <summary>Turns an instance's state into a sentence an operator can act on.</summary>
internal static class InstanceExplainer
{
    public static string Explain(VrrpStateMachine machine, TrackingPolicy tracking, bool linkUp, bool syncFault, string? syncGroupName, bool preempt, TimeProvider clock, long now, bool sourceMissing = false)
    {
        string ours = "our effective priority " + tracking.DescribePriority();
        switch (machine.State)
        {
            case VrrpState.Initialize:
                return "initialize: not started";
            case VrrpState.Stopped:
                return "stopped: shut down";
            case VrrpState.Fault when machine.InMaintenance:
                string faults = DescribeFaults(tracking, linkUp, syncFault, syncGroupName, sourceMissing);
                return "maintenance: out of the election on an operator's request (maintenance off to return)"
                    + (faults.Length > 0 ? "; also faulted: " + faults : string.Empty);
            case VrrpState.Fault:
                return "fault: " + DescribeFault(tracking, linkUp, syncFault, syncGroupName, sourceMissing);
            case VrrpState.Master:
                return ExplainMaster(machine, syncGroupName, ours);
            case VrrpState.Backup when machine.WaitsForGate:
                return $"backup: would be master, but waits for the mastership gate (the witness) to allow it; {ours}";
            default:
                return machine.WantsMaster
                    ? $"backup: would be master, but sync group {syncGroupName} waits until every member would be; {ours}"
                    : ExplainBackup(machine, preempt, ours, clock, now);
        }
    }

    public static string DescribeFault(TrackingPolicy tracking, bool linkUp, bool syncFault, string? syncGroupName, bool sourceMissing = false)
    {
        string faults = DescribeFaults(tracking, linkUp, syncFault, syncGroupName, sourceMissing);
        return faults.Length > 0 ? faults : "fault cleared, restarting";
    }

    private static string DescribeFaults(TrackingPolicy tracking, bool linkUp, bool syncFault, string? syncGroupName, bool sourceMissing)
    {
        var text = new StringBuilder();
        if (!linkUp)
        {
            text.Append("link down");
        }

        if (sourceMissing)
        {
            text.Append(text.Length > 0 ? "; " : string.Empty).Append("no usable source address on the interface");
        }

        string tracked = tracking.DescribeFault();
        if (tracked.Length > 0)
        {
            text.Append(text.Length > 0 ? "; " : string.Empty).Append(tracked);
        }

        if (syncFault)
        {
            text.Append(text.Length > 0 ? "; " : string.Empty).Append("another member of sync group ").Append(syncGroupName).Append(" is in fault or maintenance");
        }

        return text.ToString();
    }

    private static string ExplainMaster(VrrpStateMachine machine, string? syncGroupName, string ours)
    {
        string why = machine.Reason switch
        {
            VrrpTransitionReason.AddressOwner => "address owner (priority 255)",
            VrrpTransitionReason.MasterDownTimerExpired =>
                $"no advertisement that outranks us for the master-down interval ({Seconds(machine.MasterDownIntervalMicroseconds)})",
            VrrpTransitionReason.MasterStopped =>
                $"the previous master announced it was stopping (priority 0) and skew time ({Seconds(machine.SkewTimeMicroseconds)}) passed",
            VrrpTransitionReason.SyncGroup => $"another member of sync group {syncGroupName} became master",
            _ => machine.Reason.ToString(),
        };

        string text = $"master: {why}; {ours}";
        if (!machine.LastLowerPrioritySender.IsEmpty)
        {
            text += $"; last contention won against {machine.LastLowerPrioritySender} (priority {machine.LastLowerPriority.ToString(CultureInfo.InvariantCulture)})";
        }

        return text;
    }

    private static string ExplainBackup(VrrpStateMachine machine, bool preempt, string ours, TimeProvider clock, long now)
    {
        string timer = machine.TimerKind == VrrpTimerKind.MasterDown ? Seconds(clock.GetElapsedTime(now, machine.TimerDue)) : "?";
        if (machine.MasterAddress.IsEmpty)
        {
            return $"backup: no master heard yet; becoming master in {timer} unless an advertisement that outranks us arrives; {ours}";
        }

        string master = machine.MasterAddress.ToString();
        byte masterPriority = machine.MasterPriority;
        byte priority = machine.Priority;
        string advertises = $"backup: master {master} advertises priority {masterPriority.ToString(CultureInfo.InvariantCulture)}";
        if (masterPriority == 0)
        {
            return $"backup: master {master} is stopping (priority 0); taking over in {timer} unless another backup advertises first; {ours}";
        }

        if (masterPriority > priority)
        {
            return $"{advertises} > {ours}";
        }

        if (masterPriority == priority)
        {
            return $"{advertises} = {ours}; equal priority does not preempt";
        }

        if (!preempt)
        {
            return $"{advertises} < {ours}, but preemption is off (nopreempt)";
        }

        if (machine.PreemptDelayUntil > now)
        {
            return $"{advertises} < {ours}; preempt_delay defers to it for another {Seconds(clock.GetElapsedTime(now, machine.PreemptDelayUntil))}";
        }

        return $"{advertises} < {ours}; preempting when the master-down timer expires in {timer}";
    }

    private static string Seconds(long microseconds) => Seconds(VrrpTimers.FromMicroseconds(microseconds));

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
