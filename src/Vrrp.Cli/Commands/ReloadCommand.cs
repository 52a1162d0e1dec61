using System.CommandLine;
using System.Text.Json;
using Vrrp.Cli.Control;
using Vrrp.Hosting.Control;

namespace Vrrp.Cli.Commands;

/// <summary>
/// <c>vrrp reload [--dry-run] [-f FILE] [--socket PATH]</c>: asks the running daemon to read its configuration again
/// (or FILE) and apply the difference, and prints the plan, one line per instance and sync group. A configuration
/// that fails to read or validate is refused: the errors are printed with file:line:col, nothing changes, and the
/// command exits 1.
/// </summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan against the running daemon without applying it." };
        var file = new Option<string?>("--file", "-f") { Description = "Read this keepalived.conf instead of the running one." };
        return ControlCommandLine.Create(
            "reload",
            "Reload the running daemon's configuration without a flap (what SIGHUP does), and print the plan.",
            [dryRun, file],
            (parseResult, socket, cancellationToken) => RunAsync(socket, parseResult.GetValue(file), parseResult.GetValue(dryRun), Console.Out, Console.Error, cancellationToken));
    }

    public static async Task<int> RunAsync(string socket, string? file, bool dryRun, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var request = new ControlRequest { Command = ControlRequest.Reload, DryRun = dryRun, File = file is null ? null : Path.GetFullPath(file) };
        (string? reply, int exitCode) = await ControlCommandLine.AskAsync(socket, request, "reload", error, cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            return exitCode;
        }

        VrrpReloadResult? result = JsonSerializer.Deserialize(reply, ControlJsonContext.Default.ControlReply)?.Reload;
        if (result is null)
        {
            error.WriteLine($"vrrp reload: {socket}: the reply has no plan");
            return ExitCodes.BadInput;
        }

        foreach (VrrpReloadAction action in result.Actions)
        {
            output.WriteLine(FormatAction(action));
        }

        if (!result.Succeeded)
        {
            foreach (string problem in result.Errors)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"vrrp reload: refused: {result.Errors.Count} error(s); the running configuration is unchanged.");
            return ExitCodes.BadInput;
        }

        output.WriteLine(result.DryRun ? "dry run: nothing was applied." : "reloaded.");
        return ExitCodes.Success;
    }

    /// <summary>One plan line: kind, target, name, then what changed (<c>update  vrrp_instance VI_1: priority 100 -> 90</c>).</summary>
    internal static string FormatAction(VrrpReloadAction action)
    {
        string head = $"{action.Kind.ToString().ToLowerInvariant(),-7} {action.Target} {action.Name}";
        return action.Details.Count == 0 ? head : $"{head}: {string.Join("; ", action.Details)}";
    }
}
