namespace Vrrp.Cli.Tests;

/// <summary>
/// How much later than the RFC times (Skew_Time after a priority-0 advert, Master_Down_Interval after silence) a
/// takeover may be seen from outside: the 100 ms of issue 5, for vrrp to vrrp and for keepalived to vrrp after a
/// crash (docs/failover.md).
/// </summary>
internal static class FailoverTolerance
{
    public static readonly TimeSpan Value = TimeSpan.FromMilliseconds(100);
}
