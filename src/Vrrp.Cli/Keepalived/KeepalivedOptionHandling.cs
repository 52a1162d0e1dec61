namespace Vrrp.Cli.Keepalived;

/// <summary>What <c>vrrp</c> does with a keepalived option.</summary>
internal enum KeepalivedOptionHandling
{
    /// <summary>Accepted without a word: vrrp already does what it asks (<c>-n</c>: vrrp never forks).</summary>
    Accepted,

    /// <summary>Accepted, and a note on stderr says what vrrp does instead (<c>-S</c>: vrrp logs to stderr, not syslog).</summary>
    Noted,

    /// <summary>Carried onto <c>vrrp run</c> (<c>-f</c>, <c>-i</c>, <c>-p</c>, <c>-r</c>, <c>-D</c>).</summary>
    Run,

    /// <summary>Does something and exits instead of running (<c>-t</c>, <c>-v</c>, <c>-h</c>, <c>--signum</c>).</summary>
    ActsAndExits,

    /// <summary>Refused in one line, exit <see cref="ExitCodes.Usage"/>: a part of keepalived vrrp does not have.</summary>
    Refused,
}
