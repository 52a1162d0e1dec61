using Vrrp.Packets;

namespace Vrrp.StateMachine;

/// <summary>New settings for a running machine (a reload): no transition, no advertisement, only the timers follow.</summary>
internal sealed partial class VrrpStateMachine
{
    /// <summary>
    /// Takes new settings without a transition (Instances.VrrpSettingsDiff decides what may change live): the new
    /// priority goes out in the next periodic advertisement (no extra one), and the election follows from it as the RFC
    /// says. A backup's Master_Down_Timer moves by the change in Master_Down_Interval (it stays counted from the last
    /// advertisement); a master whose next advertisement is further away than the new interval sends it sooner.
    /// </summary>
    /// <param name="config">The new settings; the version, primary address, clock and a priority of 255 cannot change here.</param>
    /// <param name="priority">The new effective priority (the base priority with tracking applied).</param>
    /// <param name="now">The current timestamp.</param>
    /// <param name="effects">Receives the timer effects.</param>
    /// <returns>The number of effects written.</returns>
    public int Reconfigure(in VrrpStateMachineConfig config, byte priority, long now, Span<VrrpEffect> effects)
    {
        if (config.Version != _config.Version || config.TimestampFrequency != _config.TimestampFrequency || (config.Priority == 255) != (_config.Priority == 255))
        {
            throw new ArgumentException("The version, the clock and the address owner's priority of a running machine do not change.", nameof(config));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(config.AdvertisementIntervalMicroseconds, VrrpTimers.MicrosecondsPerCentisecond);
        int count = 0;
        long oldWait = _masterStopped ? SkewTimeMicroseconds : MasterDownIntervalMicroseconds;
        _config = config with { PrimaryAddress = _config.PrimaryAddress };
        if (config.Priority != 255 && priority is not (0 or 255))
        {
            _priority = priority;
        }

        // Master_Adver_Interval is learnt from the master in VRRPv3; before a master is heard, in VRRPv2, and as master
        // it is ours.
        if (_config.Version == VrrpVersion.V2 || State != VrrpState.Backup || MasterAddress.IsEmpty)
        {
            _masterAdverIntervalMicroseconds = config.AdvertisementIntervalMicroseconds;
        }

        long newWait = _masterStopped ? SkewTimeMicroseconds : MasterDownIntervalMicroseconds;
        if (State == VrrpState.Backup && TimerKind == VrrpTimerKind.MasterDown && newWait != oldWait)
        {
            Arm(VrrpTimerKind.MasterDown, TimerDue + ToTicks(newWait) - ToTicks(oldWait), effects, ref count);
        }
        else if (State == VrrpState.Master && TimerKind == VrrpTimerKind.Adver && TimerDue - now > ToTicks(config.AdvertisementIntervalMicroseconds))
        {
            Arm(VrrpTimerKind.Adver, now + ToTicks(config.AdvertisementIntervalMicroseconds), effects, ref count);
        }

        return count;
    }
}
