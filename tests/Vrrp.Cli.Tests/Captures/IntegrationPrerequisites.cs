using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using Xunit;

namespace Vrrp.Cli.Tests.Captures;

/// <summary>
/// Decides what a test does when the machine lacks something it needs: skip with a message that says exactly what is
/// missing, or fail when <c>VRRP_REQUIRE_INTEGRATION=1</c> (CI sets it, so nothing is silently skipped there).
/// </summary>
internal static class IntegrationPrerequisites
{
    public const string RequireVariable = "VRRP_REQUIRE_INTEGRATION";

    private const string HowToGet = "apt-get install -y keepalived tshark tcpdump iproute2 util-linux, or run ./test.sh as root";

    // Non-root users often lack the sbin directories that hold ip and keepalived.
    private static readonly string[] s_extraDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Skips (or, when required, fails) the test because <paramref name="what"/> is missing.</summary>
    [DoesNotReturn]
    public static void Missing(string what) => MissingAsReported($"{what} ({HowToGet}).");

    /// <summary>Skips (or, when required, fails) the test with a message that already says how to fix it.</summary>
    [DoesNotReturn]
    public static void MissingAsReported(string message)
    {
        if (IsRequired)
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
}
