using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.StateMachine;

namespace Vrrp.Cli.Dumps;

/// <summary>
/// keepalived's per-instance <c>vrrp_stats</c> (what SIGUSR2 and the JSON signal write), computed from our counters.
/// Every field maps onto counters we keep; <see cref="ReleasedMaster"/> is derived (each time the instance became
/// master it has left it since, unless it is master now), the others are sums of our drop reasons.
/// </summary>
internal readonly record struct KeepalivedStats(
    long AdvertReceived,
    long AdvertSent,
    long BecameMaster,
    long ReleasedMaster,
    long PacketLengthErrors,
    long TtlErrors,
    long InvalidTypeReceived,
    long AdvertIntervalErrors,
    long AddressListErrors,
    long InvalidAuthType,
    long AuthTypeMismatch,
    long AuthFailure,
    long PriorityZeroReceived,
    long PriorityZeroSent)
{
    public static KeepalivedStats From(VrrpInstanceStatus status)
    {
        VrrpCounters c = status.Counters;
        long Error(VrrpPacketError error) => c.PacketErrors.GetValueOrDefault(error);
        long Drop(VrrpDropReason reason) => c.Drops.GetValueOrDefault(reason);
        return new KeepalivedStats(
            AdvertReceived: c.AdvertisementsReceived,
            AdvertSent: c.AdvertisementsSent,
            BecameMaster: c.BecameMaster,
            ReleasedMaster: Math.Max(0, c.BecameMaster - (status.State == VrrpState.Master ? 1 : 0)),
            PacketLengthErrors: Error(VrrpPacketError.Truncated) + Error(VrrpPacketError.LengthMismatch) + Error(VrrpPacketError.Oversized),
            TtlErrors: Error(VrrpPacketError.BadTtl),
            InvalidTypeReceived: Error(VrrpPacketError.UnknownType),
            AdvertIntervalErrors: Drop(VrrpDropReason.AdvertIntervalMismatch) + Error(VrrpPacketError.ZeroAdvertInterval),
            AddressListErrors: Drop(VrrpDropReason.AddressListMismatch),
            InvalidAuthType: Error(VrrpPacketError.UnsupportedAuthType),
            AuthTypeMismatch: Drop(VrrpDropReason.AuthTypeMismatch),
            AuthFailure: Drop(VrrpDropReason.AuthenticationFailure),
            PriorityZeroReceived: c.PriorityZeroReceived,
            PriorityZeroSent: c.PriorityZeroSent);
    }

    /// <summary>Returns keepalived's state number (vrrp.h: INIT 0, BACKUP 1, MASTER 2, FAULT 3, STOP 98).</summary>
    public static int StateNumber(VrrpState state) => state switch
    {
        VrrpState.Backup => 1,
        VrrpState.Master => 2,
        VrrpState.Fault => 3,
        VrrpState.Stopped => 98,
        _ => 0,
    };

    /// <summary>Returns keepalived's state name as its data dump writes it.</summary>
    public static string StateName(VrrpState state) => state switch
    {
        VrrpState.Backup => "BACKUP",
        VrrpState.Master => "MASTER",
        VrrpState.Fault => "FAULT",
        VrrpState.Stopped => "STOP",
        _ => "INIT",
    };
}
