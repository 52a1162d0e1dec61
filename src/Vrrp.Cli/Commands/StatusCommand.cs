using System.CommandLine;
using Vrrp.Cli.Status;

namespace Vrrp.Cli.Commands;

/// <summary>
/// <c>vrrp status [--status-file PATH] [--json]</c>: prints the status file <c>vrrp run</c> keeps (state, since when,
/// master, effective priority and why, counters, drops, timer lateness) as a table, or the raw JSON; exits 1 with one
/// line when the file is missing, corrupt or stale.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var statusFile = new Option<string>("--status-file") { Description = "The status file vrrp run writes.", DefaultValueFactory = _ => StatusFileWriter.DefaultPath };
        var json = new Option<bool>("--json") { Description = "Print the raw JSON instead of a table." };
        var command = new Command("status", "Show what vrrp run is doing: state, master, effective priority and why, counters, drops, timer lateness.")
        {
            statusFile, json,
        };
        command.SetAction(parseResult => Run(parseResult.GetRequiredValue(statusFile), parseResult.GetValue(json), DateTimeOffset.UtcNow, Console.Out, Console.Error));
        return command;
    }

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
}
