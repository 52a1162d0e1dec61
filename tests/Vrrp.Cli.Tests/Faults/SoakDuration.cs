
namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// How long the soak faults (loss and jitter, CPU burner) last: 2 minutes, as issue 10 asks. For local runs
/// VRRP_FAULT_SOAK_SECONDS shortens them; CI (VRRP_REQUIRE_INTEGRATION=1) always runs the full length.
/// </summary>
internal static class SoakDuration
{
    public static readonly TimeSpan Full = TimeSpan.FromMinutes(2);

    public static TimeSpan Value =>
        !IntegrationPrerequisites.Required
        && Environment.GetEnvironmentVariable("VRRP_FAULT_SOAK_SECONDS") is { Length: > 0 } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, Full.TotalSeconds))
            : Full;
}
