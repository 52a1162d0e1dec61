using System;
using System.IO;
using System.Linq;
using Vrrp.TestSupport.Netns;
using Xunit;

namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// Skips (or, with VRRP_REQUIRE_INTEGRATION=1, fails) a keepalived interop test when the namespace LAN cannot be
/// built or keepalived is not installed.
/// </summary>
internal static class KeepalivedPrerequisites
{
    private static readonly Lazy<bool> s_installed = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin").Append("/sbin")
            .Any(directory => directory.Length > 0 && File.Exists(Path.Combine(directory, "keepalived"))));

    /// <summary>Builds the LAN (which checks root / capabilities and the tools first), then checks for keepalived.</summary>
    public static NetnsLan CreateLan(int hostCount = 3)
    {
        NetnsLan lan = NetnsLan.Create(hostCount);
        if (!s_installed.Value)
        {
            lan.Dispose();
            if (IntegrationPrerequisites.Required)
            {
                Assert.Fail("VRRP_REQUIRE_INTEGRATION=1 but keepalived is not installed (apt-get install keepalived; ./test.sh installs it as root)");
            }

            Assert.Skip("keepalived is not installed (apt-get install keepalived; ./test.sh installs it as root)");
        }

        return lan;
    }
}
