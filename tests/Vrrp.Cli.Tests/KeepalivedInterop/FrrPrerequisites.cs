
namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// Skips (or, with VRRP_REQUIRE_INTEGRATION=1, fails) an FRR interop test when the namespace LAN cannot be built
/// or FRR (zebra and vrrpd) is not installed.
/// </summary>
internal static class FrrPrerequisites
{
    private const string Install = "apt-get install frr; ./test.sh installs it as root";

    /// <summary>Builds the LAN (which checks root / capabilities and the tools first), then checks for FRR.</summary>
    public static NetnsLan CreateLan(int hostCount = 3)
    {
        NetnsLan lan = NetnsLan.Create(hostCount);
        if (!FrrPeer.IsInstalled)
        {
            lan.Dispose();
            IntegrationPrerequisites.MissingAsReported($"FRR is not installed (/usr/lib/frr/vrrpd; {Install})");
        }

        return lan;
    }
}
