using System.CommandLine;
using System.Text.Json;
using Vrrp.Cli.Control;

namespace Vrrp.Cli.Commands;

/// <summary>
/// <c>vrrp maintenance on|off [INSTANCE] [--socket PATH]</c>: puts one instance (or all) in maintenance, which gives
/// up mastership cleanly (priority-0 advert, VIPs released) and keeps it there across reloads, or takes it out.
/// </summary>
internal static class MaintenanceCommand
{
    public static Command Create()
    {
        var mode = new Argument<string>("on|off") { Description = "on: give up mastership and stay out; off: take part again." };
        mode.AcceptOnlyFromAmong("on", "off");
        var instance = new Argument<string?>("INSTANCE") { Description = "The instance (default: every instance).", Arity = ArgumentArity.ZeroOrOne };
        Command command = ControlCommandLine.Create(
            "maintenance",
            "Put instances of the running daemon in maintenance (no mastership, VIPs released) or take them out.",
            [],
            (parseResult, socket, cancellationToken) => RunAsync(socket, parseResult.GetRequiredValue(mode) == "on", parseResult.GetValue(instance), Console.Out, Console.Error, cancellationToken));
        command.Arguments.Add(mode);
        command.Arguments.Add(instance);
        return command;
    }

    public static async Task<int> RunAsync(string socket, bool on, string? instance, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var request = new ControlRequest { Command = ControlRequest.Maintenance, On = on, Instance = instance };
        (string? reply, int exitCode) = await ControlCommandLine.AskAsync(socket, request, "maintenance", error, cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            return exitCode;
        }

        IReadOnlyList<string> inMaintenance = JsonSerializer.Deserialize(reply, ControlJsonContext.Default.ControlReply)?.Maintenance ?? [];
        output.WriteLine(inMaintenance.Count == 0 ? "in maintenance: none" : $"in maintenance: {string.Join(", ", inMaintenance)}");
        return ExitCodes.Success;
    }
}
