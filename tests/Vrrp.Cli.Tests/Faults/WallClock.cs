
namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// Steps the machine's wall clock (CLOCK_REALTIME, shared by every network namespace) with <c>date -s @SECONDS</c>,
/// and remembers the total step so Dispose can undo it, even when the test failed between steps.
/// </summary>
internal sealed class WallClock : IDisposable
{
    private TimeSpan _applied;

    /// <summary>
    /// Gets the step of the wall-clock test: 1 h. On a shared development machine a forward step of an hour gives
    /// every file written meanwhile (other builds' outputs) a future time stamp, so VRRP_FAULT_CLOCK_STEP_SECONDS
    /// makes it smaller for local runs; CI (VRRP_REQUIRE_INTEGRATION=1) always steps a full hour.
    /// </summary>
    public static TimeSpan TestStep =>
        !IntegrationPrerequisites.Required
        && Environment.GetEnvironmentVariable("VRRP_FAULT_CLOCK_STEP_SECONDS") is { Length: > 0 } text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, 3600))
            : TimeSpan.FromHours(1);

    /// <summary>Steps the clock by <paramref name="offset"/> (relative to now, so the time the test spends is kept).</summary>
    public void Step(TimeSpan offset)
    {
        Set(DateTimeOffset.UtcNow + offset);
        _applied += offset;
    }

    public void Dispose()
    {
        if (_applied != TimeSpan.Zero)
        {
            Set(DateTimeOffset.UtcNow - _applied);
            _applied = TimeSpan.Zero;
        }
    }

    private static void Set(DateTimeOffset time) =>
        Command.Run("date", "-u", "-s", "@" + (time.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
}
