using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vrrp.Cli.Control;

namespace Vrrp.Cli.Commands;

/// <summary>
/// <c>vrrp watch [--json] [--socket PATH]</c>: prints every state change of the running daemon as it happens, and the
/// messages it drops (per instance and reason, at most once a second), until interrupted or the daemon stops.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the events as JSON, one object per line." };
        return ControlCommandLine.Create(
            "watch",
            "Stream the running daemon's state changes and drops.",
            [json],
            (parseResult, socket, cancellationToken) => RunAsync(socket, parseResult.GetValue(json), Console.Out, Console.Error, cancellationToken));
    }

    public static async Task<int> RunAsync(string socket, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        (ControlClient? client, string? problem) = await ControlClient.ConnectAsync(socket, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            error.WriteLine($"vrrp watch: {problem}");
            return ExitCodes.NoDaemon;
        }

        await using (client.ConfigureAwait(false))
        {
            try
            {
                string? line = await client.AskAsync(new ControlRequest { Command = ControlRequest.Watch }, cancellationToken).ConfigureAwait(false);
                if (ControlClient.ErrorOf(line) is { } failed)
                {
                    error.WriteLine($"vrrp watch: {failed}");
                    return ExitCodes.BadInput;
                }

                while ((line = await client.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
                {
                    output.WriteLine(json ? line : Format(line));
                    output.Flush();
                }

                error.WriteLine("vrrp watch: the daemon closed the connection (stopped).");
                return ExitCodes.Success;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                error.WriteLine($"vrrp watch: {socket}: {ex.Message}");
                return ExitCodes.NoDaemon;
            }
        }
    }

    /// <summary>One event for people: <c>2026-12-06T08:00:00.123Z VI_1 backup -> master (MasterDown) priority 100: ...</c>.</summary>
    internal static string Format(string line)
    {
        ControlEvent? e;
        try
        {
            e = JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlEvent);
        }
        catch (JsonException)
        {
            return line;
        }

        if (e is null)
        {
            return line;
        }

        string at = e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return e.Event == ControlEvent.DropsEvent
            ? string.Create(CultureInfo.InvariantCulture, $"{at} {e.Instance} dropped {e.Count} {e.Reason} (total {e.Total})")
            : e.Event == ControlEvent.BindingEvent
            ? string.Create(CultureInfo.InvariantCulture, $"{at} {e.Instance} VIP commands {e.To} (attempt {e.Attempts}){(e.Error is null ? string.Empty : ": " + e.Error)}")
            : string.Create(CultureInfo.InvariantCulture, $"{at} {e.Instance} {e.From} -> {e.To} ({e.Reason}) priority {e.Priority}: {e.Explanation}");
    }
}
