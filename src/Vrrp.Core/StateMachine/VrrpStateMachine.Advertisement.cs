using Vrrp.Packets;

namespace Vrrp.StateMachine;

/// <summary>RFC 5798 §6.4.2 and §6.4.3: what a received advertisement does in Backup and Master, and keepalived's preempt_delay.</summary>
internal sealed partial class VrrpStateMachine
{
    private void OnAdvertisement(in VrrpAdvertisement advertisement, VrrpAddress source, long now, Span<VrrpEffect> effects, ref int count)
    {
        byte senderPriority = advertisement.Priority;
        if (State == VrrpState.Backup)
        {
            if (senderPriority == 0)
            {
                // RFC 5798 §6.4.2: the master is stopping; take over after Skew_Time instead of Master_Down_Interval.
                _masterStopped = true;
                MasterAddress = source;
                MasterPriority = 0;
                LastMasterAdvertisementAt = now;
                Arm(VrrpTimerKind.MasterDown, now + ToTicks(SkewTimeMicroseconds), effects, ref count);
                return;
            }

            // A gated backup does not preempt: the master holds the gate until it gives mastership up.
            if (!_config.Preempt || Gated || senderPriority >= _priority || DeferToLowerPriorityMaster(now))
            {
                if (senderPriority >= _priority)
                {
                    // A master at least as good as us restarts preempt_delay the next time a lower one appears.
                    _preemptDelayUntil = NoDeadline;
                }

                // RFC 5798 §6.4.2: learn Master_Adver_Interval (VRRPv3 only: VRRPv2 intervals must already match),
                // which recomputes Skew_Time and Master_Down_Interval, then restart Master_Down_Timer.
                if (_config.Version == VrrpVersion.V3)
                {
                    _masterAdverIntervalMicroseconds = advertisement.AdvertIntervalCentiseconds * VrrpTimers.MicrosecondsPerCentisecond;
                }

                _masterStopped = false;
                MasterAddress = source;
                MasterPriority = senderPriority;
                LastMasterAdvertisementAt = now;
                WaitsForGate = false;
                Arm(VrrpTimerKind.MasterDown, now + ToTicks(MasterDownIntervalMicroseconds), effects, ref count);
                if (WantsMaster)
                {
                    // keepalived: a member held in backup by its group no longer wants master once it hears a master
                    // it defers to; if the group went master meanwhile, this member pulls it back to backup.
                    WantsMaster = false;
                    effects[count++] = VrrpEffect.SyncGroupRequestBackup();
                }

                return;
            }

            // Preempt_Mode is true and the sender is below us: discard, so Master_Down_Timer runs out and we preempt.
            LastLowerPrioritySender = source;
            LastLowerPriority = senderPriority;
            return;
        }

        if (State != VrrpState.Master)
        {
            return;
        }

        if (senderPriority == 0)
        {
            // RFC 5798 §6.4.3: another master is stopping; make sure the backups hear us at once.
            effects[count++] = VrrpEffect.SendAdvertisement(_priority);
            Arm(VrrpTimerKind.Adver, now + ToTicks(_config.AdvertisementIntervalMicroseconds), effects, ref count);
            return;
        }

        if (Election.SenderWins(senderPriority, source, _priority, _primaryAddress))
        {
            if (_config.Version == VrrpVersion.V3)
            {
                _masterAdverIntervalMicroseconds = advertisement.AdvertIntervalCentiseconds * VrrpTimers.MicrosecondsPerCentisecond;
            }

            MasterAddress = source;
            MasterPriority = senderPriority;
            LastMasterAdvertisementAt = now;
            if (_config.HigherPrioritySendAdvert)
            {
                // keepalived's higher_prio_send_advert (on by default here unless lower_prio_no_advert): yield with one
                // last advertisement. When a split brain heals, whichever master hears the other first acts; if the
                // loser heard first and left silently, the winner would never see the contention (RFC 9568 §6.4.3)
                // and never re-announce, leaving caches that followed the loser stale.
                effects[count++] = VrrpEffect.SendAdvertisement(_priority);
            }

            LeaveMasterForBackup(
                now,
                senderPriority > _priority ? VrrpTransitionReason.HigherPriorityAdvertisement : VrrpTransitionReason.EqualPriorityHigherAddress,
                effects,
                ref count);
            return;
        }

        LastLowerPrioritySender = source;
        LastLowerPriority = senderPriority;

        // At most one answer per Advertisement_Interval: a host flooding lower-priority adverts must not make us send
        // an advert and a burst of gratuitous ARPs for each one (keepalived answers every one). One answer per interval
        // asserts mastership as well, since the other side hears our periodic adverts at that rate anyway.
        long interval = ToTicks(_config.AdvertisementIntervalMicroseconds);
        if (_lowerPriorityAnsweredAt != NoDeadline && now - _lowerPriorityAnsweredAt < interval)
        {
            return;
        }

        _lowerPriorityAnsweredAt = now;
        if (!_config.LowerPriorityNoAdvert)
        {
            // RFC 9568 §6.4.3: assert mastership at once.
            effects[count++] = VrrpEffect.SendAdvertisement(_priority);
        }

        // keepalived: re-announce the addresses so that switches and hosts that learnt the other master during a split
        // brain point back at us, on the garp_lower_prio_* schedule (independent of lower_prio_no_advert).
        effects[count++] = VrrpEffect.ReannounceVirtualAddresses();
    }

    // keepalived's preempt_delay: a backup defers to a lower-priority master until the delay, counted from the first
    // lower-priority advertisement (since startup, or since it last heard a master at least as good), has passed.
    private bool DeferToLowerPriorityMaster(long now)
    {
        if (_config.PreemptDelayMicroseconds <= 0)
        {
            return false;
        }

        if (_preemptDelayUntil == NoDeadline)
        {
            _preemptDelayUntil = now + ToTicks(_config.PreemptDelayMicroseconds);
        }

        return now < _preemptDelayUntil;
    }
}
