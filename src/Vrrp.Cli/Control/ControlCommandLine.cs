using System.CommandLine;

namespace Vrrp.Cli.Control;

/// <summary>What the control-socket commands share: the <c>--socket</c> option and the one round trip they make.</summary>
internal static class ControlCommandLine
{
    /// <summary>How long a command waits for the daemon's answer (a reload of a large file included).</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Makes a command that talks to the daemon: its own options plus <c>--socket PATH</c>, and an action given the socket.</summary>
    public static Command Create(string name, string description, Option[] options, Func<ParseResult, string, CancellationToken, Task<int>> action)
    {
        var socket = new Option<string>("--socket") { Description = "The control socket of vrrp run (its --control-socket).", DefaultValueFactory = _ => ControlSocketOptions.DefaultPath };
        var command = new Command(name, description);
        foreach (Option option in (Option[])[.. options, socket])
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => action(parseResult, parseResult.GetRequiredValue(socket), cancellationToken));
        return command;
    }

    /// <summary>Sends one request and returns the reply line, or writes why not (prefixed with <paramref name="command"/>) and returns null.</summary>
    public static async Task<(string? Reply, int ExitCode)> AskAsync(string socket, ControlRequest request, string command, TextWriter error, CancellationToken cancellationToken)
    {
        (ControlClient? client, string? problem) = await ControlClient.ConnectAsync(socket, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            error.WriteLine($"vrrp {command}: {problem}");
            return (null, ExitCodes.NoDaemon);
        }

        await using (client.ConfigureAwait(false))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReplyTimeout);
            try
            {
                string reply = await client.AskAsync(request, timeout.Token).ConfigureAwait(false);
                if (ControlClient.ErrorOf(reply) is { } failed)
                {
                    error.WriteLine($"vrrp {command}: {failed}");
                    return (null, ExitCodes.BadInput);
                }

                return (reply, ExitCodes.Success);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                error.WriteLine($"vrrp {command}: {socket}: {(ex is OperationCanceledException ? "no answer in time" : ex.Message)}");
                return (null, ExitCodes.NoDaemon);
            }
        }
    }
}
