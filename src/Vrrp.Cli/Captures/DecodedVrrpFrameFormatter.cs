using System.Globalization;
using System.Text;
using System.Text.Json;
using Vrrp.Packets;

namespace Vrrp.Cli.Captures;

/// <summary>Prints decoded frames as one text line or one JSON object per packet.</summary>
internal static class DecodedVrrpFrameFormatter
{
    private static readonly JsonWriterOptions s_jsonOptions = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteJson(Stream output, DecodedVrrpFrame frame)
    {
        using (var writer = new Utf8JsonWriter(output, s_jsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("src", frame.Source);
            writer.WriteString("dst", frame.Destination);
            writer.WriteNumber("ttl", frame.Ttl);
            WriteNullableNumber(writer, "version", frame.Version);
            WriteNullableNumber(writer, "type", frame.Type);
            WriteNullableNumber(writer, "vrid", frame.VirtualRouterId);
            WriteNullableNumber(writer, "priority", frame.Priority);
            WriteNullableNumber(writer, "addressCount", frame.AddressCount);
            WriteNullableNumber(writer, "advertInterval", frame.AdvertIntervalCentiseconds);
            WriteNullableNumber(writer, "checksum", frame.Checksum);
            writer.WriteBoolean("checksumValid", frame.ChecksumValid);
            writer.WriteStartArray("addresses");
            foreach (string address in frame.Addresses)
            {
                writer.WriteStringValue(address);
            }

            writer.WriteEndArray();
            if (frame.Version == (int)VrrpVersion.V2)
            {
                WriteNullableNumber(writer, "authType", frame.AuthType);
                writer.WriteString("authString", frame.AuthString);
            }

            if (frame.Error != VrrpPacketError.None)
            {
                writer.WriteString("error", frame.Error.ToReason());
            }

            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }

    public static string FormatText(DecodedVrrpFrame frame)
    {
        var line = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        line.Append(c, $"#{frame.FrameNumber} {frame.Source} > {frame.Destination} ttl {frame.Ttl}: ");
        if (frame.Version is null)
        {
            return line.Append(c, $"VRRP (too short) error: {frame.Error.ToReason()}").ToString();
        }

        line.Append(c, $"VRRPv{frame.Version} type {frame.Type} vrid {frame.VirtualRouterId} prio {frame.Priority}");
        line.Append(c, $" intvl {frame.AdvertIntervalCentiseconds}cs addrs {frame.AddressCount} [{string.Join(", ", frame.Addresses)}]");
        if (frame.Version == (int)VrrpVersion.V2)
        {
            line.Append(c, $" auth {frame.AuthType}");
            if (!string.IsNullOrEmpty(frame.AuthString))
            {
                line.Append(c, $" \"{frame.AuthString}\"");
            }
        }

        line.Append(c, $" cksum 0x{frame.Checksum:x4}");
        line.Append(frame.ChecksumValid || frame.ChecksumForm == VrrpChecksumForm.PseudoHeaderWithMulticastGroup ? " ok" : " BAD");
        if (frame.ChecksumForm is VrrpChecksumForm form && frame.Version == (int)VrrpVersion.V3)
        {
            line.Append(form switch
            {
                VrrpChecksumForm.PseudoHeader => " (pseudo-header)",
                VrrpChecksumForm.Message => " (message only, RFC 9568)",
                _ => " (pseudo-header with 224.0.0.18: keepalived old_unicast_checksum)",
            });
        }

        if (frame.Notes != VrrpPacketNotes.None)
        {
            line.Append(c, $" note: {frame.Notes}");
        }

        if (frame.Error != VrrpPacketError.None)
        {
            line.Append(c, $" error: {frame.Error.ToReason()}");
        }

        return line.ToString();
    }

    private static void WriteNullableNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is int number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
