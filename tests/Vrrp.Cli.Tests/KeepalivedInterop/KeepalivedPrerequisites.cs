
namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// Skips (or, with VRRP_REQUIRE_INTEGRATION=1, fails) a keepalived interop test when the namespace LAN cannot be
/// built or keepalived is not installed.
/// </summary>
internal static class KeepalivedPrerequisites
{
    /// <summary>Builds the LAN (which checks root / capabilities and the tools first), then checks for keepalived.</summary>
    public static NetnsLan CreateLan(int hostCount = 3)
    {
        NetnsLan lan = NetnsLan.Create(hostCount);
        if (IntegrationPrerequisites.Find("keepalived") is null)
        {
            lan.Dispose();
            IntegrationPrerequisites.MissingAsReported("keepalived is not installed (apt-get install keepalived; ./test.sh installs it as root)");
        }

        return lan;
    }
}
