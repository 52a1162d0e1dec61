using System.Runtime.CompilerServices;
using Xunit;

namespace Vrrp.TestSupport;

/// <summary>
/// A fact that runs on Linux only and is skipped elsewhere with its reason. A class whose every test starts Linux-only
/// work (shell scripts, /proc, setpriv) carries <c>[SupportedOSPlatform("linux")]</c> for the platform analyzer and
/// marks its tests with this, so the guard is said once per test in its attribute rather than in its body.
/// </summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Creates the fact.</summary>
    /// <param name="why">What needs Linux, shown when the test is skipped elsewhere.</param>
    /// <param name="sourceFilePath">Filled in by the compiler.</param>
    /// <param name="sourceLineNumber">Filled in by the compiler.</param>
    public LinuxFactAttribute(string why, [CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = $"Linux only: {why}";
        }
    }
}
