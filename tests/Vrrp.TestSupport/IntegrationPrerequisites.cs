using System.Diagnostics.CodeAnalysis;
using System.Runtime.Versioning;
using Vrrp.TestSupport.Netns;
using Xunit;

namespace Vrrp.TestSupport;

/// <summary>
/// Decides whether the integration tests (namespace LAN, keepalived, tshark) can run here. Without what they need they
/// are skipped with the exact reason, unless VRRP_REQUIRE_INTEGRATION=1 (CI as root), where a missing prerequisite
/// fails the test, so nothing is silently skipped there.
/// </summary>
internal static class IntegrationPrerequisites
{
    private const int CapNetAdmin = 12;
    private const int CapNetRaw = 13;
    private const int CapSysAdmin = 21;
    public const string RequireVariable = "VRRP_REQUIRE_INTEGRATION";

    private const string HowToGet = "apt-get install -y keepalived tshark tcpdump iproute2 util-linux, or run ./test.sh as root";

    // Non-root users often lack the sbin directories that hold ip and keepalived.
    private static readonly string[] s_extraDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];
    private static readonly Lazy<string?> s_missing = new(FindMissing);

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Skips (or fails, in CI) the calling test when the LAN cannot be built.</summary>
    public static void Ensure()
    {
        string? missing = s_missing.Value;
        if (missing is null)
        {
            return;
        }

        if (Required)
        {
            Assert.Fail($"VRRP_REQUIRE_INTEGRATION=1 but {missing}");
        }

        Assert.Skip($"needs root or unprivileged user namespaces: {missing}. Run tests/netns/unshare-run.sh dotnet test tests/Vrrp.Linux.Tests (or tests/Vrrp.Cli.Tests) to use a user namespace.");
    }

    /// <summary>
    /// Returns <see langword="true"/> on Linux; anywhere else skips the test saying <paramref name="why"/> it needs Linux
    /// (or, when required, fails it) and does not return. A platform guard: the platform analyzer (CA1416) accepts
    /// Linux-only calls after <c>if (!IntegrationPrerequisites.RequireLinux(why)) { return; }</c>, so a test of
    /// Linux-only code says so where it starts instead of an assembly-wide [SupportedOSPlatform] hiding the analyzer.
    /// </summary>
    [SupportedOSPlatformGuard("linux")]
    public static bool RequireLinux(string why)
    {
        if (!OperatingSystem.IsLinux())
        {
            MissingAsReported($"Linux only: {why}");
        }

        return true;
    }

    /// <summary>Skips (or, when required, fails) the test because <paramref name="what"/> is missing.</summary>
    [DoesNotReturn]
    public static void Missing(string what) => MissingAsReported($"{what} ({HowToGet}).");

    /// <summary>Skips (or, when required, fails) the test with a message that already says how to fix it.</summary>
    [DoesNotReturn]
    public static void MissingAsReported(string message)
    {
        if (Required)
        {
            Assert.Fail($"{RequireVariable}=1 but a prerequisite is missing: {message}");
        }

        Assert.Skip(message);
    }

    /// <summary>Skips or fails unless every tool is found on PATH or in an sbin directory.</summary>
    public static void RequireTools(params string[] tools)
    {
        string[] missing = tools.Where(tool => Find(tool) is null).ToArray();
        if (missing.Length > 0)
        {
            Missing($"not found on PATH or in /usr/sbin: {string.Join(", ", missing)}");
        }
    }

    /// <summary>Returns the full path of an executable, or null.</summary>
    public static string? Find(string tool)
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(s_extraDirectories)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
    }

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }

        ulong effective = ReadEffectiveCapabilities();
        foreach ((int bit, string name) in new[] { (CapNetAdmin, "CAP_NET_ADMIN"), (CapNetRaw, "CAP_NET_RAW"), (CapSysAdmin, "CAP_SYS_ADMIN") })
        {
            if ((effective & (1UL << bit)) == 0)
            {
                return $"the test process lacks {name} (CapEff {effective:x})";
            }
        }

        foreach (string tool in new[] { "ip", "nsenter", "ping" })
        {
            string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':');
            if (!path.Any(directory => File.Exists(Path.Combine(directory, tool))))
            {
                return $"'{tool}' is not installed (iproute2, util-linux, iputils-ping)";
            }
        }

        CommandResult probe = Command.TryRun(TimeSpan.FromSeconds(10), "ip", "netns", "list");
        if (probe.ExitCode != 0)
        {
            return $"'ip netns list' failed: {probe.Error.Trim()}";
        }

        return null;
    }

    private static ulong ReadEffectiveCapabilities()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                return Convert.ToUInt64(line["CapEff:".Length..].Trim(), 16);
            }
        }

        return 0;
    }
}
