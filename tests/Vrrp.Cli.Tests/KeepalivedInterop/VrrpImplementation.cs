namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>Which program runs a VRRP node in an interop test.</summary>
public enum VrrpImplementation
{
    /// <summary>Debian's keepalived (2.2.7), the reference.</summary>
    Keepalived,

    /// <summary><c>vrrp run</c>, the code under test.</summary>
    VrrpRun,

    /// <summary>Debian's FRR (8.4) vrrpd with zebra.</summary>
    Frr,
}
