using System.CommandLine;
using System.Text.Json;
using Vrrp.Cli.Control;
using Vrrp.Cli.Status;

namespace Vrrp.Cli.Commands;

/// <summary>
/// <c>vrrp status [--socket PATH] [--status-file PATH] [--json]</c>: asks the running daemon over its control socket
/// (state, since when, master, effective priority and why, counters, drops, timer lateness) and prints a table or the
/// JSON document; when no daemon answers it reads the status file <c>vrrp run</c> keeps instead, and exits 1 with one
/// line when that file is missing, corrupt or stale.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var statusFile = new Option<string>("--status-file") { Description = "The status file vrrp run writes, read when no daemon answers on the socket.", DefaultValueFactory = _ => StatusFileWriter.DefaultPath };
        var json = new Option<bool>("--json") { Description = "Print the JSON document instead of a table." };
        return ControlCommandLine.Create(
            "status",
            "Show what vrrp run is doing: state, master, effective priority and why, counters, drops, timer lateness.",
            [statusFile, json],
            (parseResult, socket, cancellationToken) => RunAsync(socket, parseResult.GetRequiredValue(statusFile), parseResult.GetValue(json), Console.Out, Console.Error, cancellationToken));
    }

    /// <summary>Asks the daemon on <paramref name="socket"/>; falls back to the status file when none answers.</summary>
    public static async Task<int> RunAsync(string socket, string path, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        (StatusSnapshot? snapshot, string? problem) = await AskAsync(socket, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        if (snapshot is null)
        {
            var fileError = new StringWriter();
            int exitCode = Run(path, json, now, output, fileError);
            if (exitCode != ExitCodes.Success)
            {
                error.WriteLine($"vrrp status: {problem}");
                error.Write(fileError.ToString());
            }

            return exitCode;
        }

        Print(snapshot, json, now, output);
        return ExitCodes.Success;
    }

    /// <summary>Prints the status file (no socket).</summary>
    public static int Run(string path, bool json, DateTimeOffset now, TextWriter output, TextWriter error)
    {
        if (!StatusFileReader.TryRead(path, now, out StatusSnapshot? snapshot, out string text, out string? problem))
        {
            error.WriteLine($"vrrp status: {problem}");
            return ExitCodes.BadInput;
        }

        if (json)
        {
            output.WriteLine(text.TrimEnd());
        }
        else
        {
            StatusTableFormatter.Write(snapshot, now, output);
        }

        return ExitCodes.Success;
    }

    private static void Print(StatusSnapshot snapshot, bool json, DateTimeOffset now, TextWriter output)
    {
        if (json)
        {
            // The same document, written the same way, as the status file.
            output.WriteLine(JsonSerializer.Serialize(snapshot, StatusJson.Snapshot));
        }
        else
        {
            StatusTableFormatter.Write(snapshot, now, output);
        }
    }

    private static async Task<(StatusSnapshot? Snapshot, string? Problem)> AskAsync(string socket, CancellationToken cancellationToken)
    {
        var quiet = new StringWriter();
        (string? reply, _) = await ControlCommandLine.AskAsync(socket, new ControlRequest { Command = ControlRequest.Status }, "status", quiet, cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            return (null, quiet.ToString().Trim().Replace("vrrp status: ", string.Empty, StringComparison.Ordinal));
        }

        try
        {
            return (JsonSerializer.Deserialize(reply, StatusJson.Snapshot), null);
        }
        catch (JsonException ex)
        {
            return (null, $"{socket}: not a status document ({ex.Message})");
        }
    }
}
