namespace Vrrp.Cli.Status;

/// <summary>An instance's timer lateness in the status file, in seconds (see <see cref="Instances.VrrpTimerLateness"/>).</summary>
internal sealed record StatusTimerLateness
{
    public long Count { get; init; }

    public double LastSeconds { get; init; }

    public double MaxSeconds { get; init; }

    public double MeanSeconds { get; init; }

    public double ThresholdSeconds { get; init; }

    public long CountOverThreshold { get; init; }
}
