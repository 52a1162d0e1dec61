using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Vrrp.Cli.Status;

/// <summary>Reads the status file and refuses one that is missing, corrupt or stale, with a one-line reason.</summary>
internal static class StatusFileReader
{
    /// <summary>A file older than this many of its own refresh intervals is stale: <c>vrrp run</c> is not writing it.</summary>
    public const int StaleAfterIntervals = 3;

    public static bool TryRead(string path, DateTimeOffset now, [NotNullWhen(true)] out StatusSnapshot? snapshot, out string json, [NotNullWhen(false)] out string? error)
    {
        snapshot = null;
        json = string.Empty;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            error = $"{path}: no such file: vrrp run not running (or run with --status-file none)?";
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: {ex.Message}";
            return false;
        }

        try
        {
            snapshot = JsonSerializer.Deserialize(json, StatusJson.Snapshot);
        }
        catch (JsonException ex)
        {
            error = $"{path}: corrupt: not a vrrp status file ({ex.Message})";
            return false;
        }

        if (snapshot is null || snapshot.FormatVersion != 1 || snapshot.RefreshIntervalSeconds <= 0 || snapshot.WrittenAt == default)
        {
            snapshot = null;
            error = $"{path}: corrupt: not a vrrp status file (format 1 with written_at and refresh_interval_seconds expected)";
            return false;
        }

        TimeSpan age = now - snapshot.WrittenAt;
        if (age > TimeSpan.FromSeconds(snapshot.RefreshIntervalSeconds * StaleAfterIntervals))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"{path}: stale: written {age.TotalSeconds:0} s ago, refreshed every {snapshot.RefreshIntervalSeconds:0.###} s: vrrp run not running?");
            snapshot = null;
            return false;
        }

        error = null;
        return true;
    }
}
