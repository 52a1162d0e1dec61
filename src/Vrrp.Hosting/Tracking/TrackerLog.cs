using Microsoft.Extensions.Logging;

namespace Vrrp.Hosting.Tracking;

/// <summary>Source-generated log messages of track_file and vrrp_track_process (event ids 6070-6079 of Vrrp.Hosting's 6000-6099).</summary>
internal static partial class TrackerLog
{
    [LoggerMessage(6070, LogLevel.Information, "track_file {Name}: {Path} = {Value}", EventName = "TrackFileValue")]
    public static partial void TrackFileValue(this ILogger logger, string name, string path, long value);

    [LoggerMessage(6071, LogLevel.Warning, "track_file {Name}: {Path}: {Problem}", EventName = "TrackFileProblem")]
    public static partial void TrackFileProblem(this ILogger logger, string name, string path, string problem);

    [LoggerMessage(6072, LogLevel.Information, "vrrp_track_process {Name}: {Count} matching process(es), quorum {Quorum}: {Status}", EventName = "TrackProcessChanged")]
    public static partial void TrackProcessChanged(this ILogger logger, string name, int count, string quorum, string status);

    [LoggerMessage(6073, LogLevel.Warning, "vrrp_track_process {Name}: cannot read the process table: {Problem}", EventName = "TrackProcessProblem")]
    public static partial void TrackProcessProblem(this ILogger logger, string name, string problem);

    [LoggerMessage(6074, LogLevel.Warning, "{Script}: {Problem}", EventName = "ScriptRefused")]
    public static partial void ScriptRefused(this ILogger logger, string script, string problem);
}
