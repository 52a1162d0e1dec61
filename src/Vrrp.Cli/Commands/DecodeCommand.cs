using System.CommandLine;
using Vrrp.Cli.Captures;

namespace Vrrp.Cli.Commands;

/// <summary><c>vrrp decode --pcap FILE [--json]</c>: prints every VRRP packet of a capture.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var pcap = new Option<FileInfo>("--pcap")
        {
            Description = "A pcap or pcapng capture (Ethernet, Linux cooked or raw IP).",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per packet." };
        var command = new Command("decode", "Decode the VRRP packets in a capture file, one line per packet.") { pcap, json };
        command.SetAction(parseResult => Run(parseResult.GetRequiredValue(pcap), parseResult.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    public static int Run(FileInfo file, bool json, TextWriter output, TextWriter error)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"vrrp decode: cannot read {file.FullName}: {ex.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            using var buffered = new MemoryStream();
            foreach (DecodedVrrpFrame frame in VrrpCaptureDecoder.Decode(bytes))
            {
                if (json)
                {
                    buffered.SetLength(0);
                    DecodedVrrpFrameFormatter.WriteJson(buffered, frame);
                    output.Write(System.Text.Encoding.UTF8.GetString(buffered.GetBuffer(), 0, (int)buffered.Length));
                }
                else
                {
                    output.WriteLine(DecodedVrrpFrameFormatter.FormatText(frame));
                }
            }
        }
        catch (CaptureFormatException ex)
        {
            output.Flush();
            error.WriteLine($"vrrp decode: {file.FullName}: {ex.Message}");
            return ExitCodes.BadInput;
        }

        return ExitCodes.Success;
    }
}
