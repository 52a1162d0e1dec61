using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Vrrp.Cli.Captures;
using Vrrp.Cli.Commands;
using Vrrp.Packets;

namespace Vrrp.Cli.Tests.Captures;

/// <summary>
/// Compares what we decode from a capture, in process and through <c>vrrp decode --json</c>, with Wireshark's
/// dissection of the same capture, field by field and packet by packet. Shared by the tests on committed captures and
/// the live keepalived run.
/// </summary>
internal static class TsharkComparison
{
    private static readonly IPNetwork s_linkLocal = IPNetwork.Parse("fe80::/10");

    /// <summary>Asserts that our decoder and tshark report the same VRRP packets with the same fields.</summary>
    public static void AssertAgree(string captureFile, string tsharkTsv)
    {
        IReadOnlyList<TsharkVrrpRow> rows = TsharkFieldDump.Parse(tsharkTsv);
        rows.Should().NotBeEmpty("a capture without VRRP packets proves nothing ({0})", Path.GetFileName(captureFile));
        Compare(captureFile, rows).Should().BeEmpty("vrrp decode must agree with tshark on every packet of {0}", Path.GetFileName(captureFile));
    }

    /// <summary>Lists every disagreement, one line each; empty when our decode and tshark agree.</summary>
    public static IReadOnlyList<string> Compare(string captureFile, IReadOnlyList<TsharkVrrpRow> rows)
    {
        var differences = new List<string>();
        List<DecodedVrrpFrame> decoded = VrrpCaptureDecoder.Decode(File.ReadAllBytes(captureFile)).ToList();
        List<JsonElement> json = DecodeJson(captureFile, differences);
        List<DecodedVrrpFrame> expected = rows.Select(Expected).ToList();

        CompareFrameLists(expected, decoded, differences);
        if (json.Count != expected.Count)
        {
            differences.Add($"tshark sees {expected.Count} VRRP packets, vrrp decode --json prints {json.Count}");
        }

        for (int i = 0; i < Math.Min(expected.Count, decoded.Count); i++)
        {
            CompareFields(expected[i], decoded[i], "decoder", includeDecoderOnlyFields: true, differences);
        }

        for (int i = 0; i < Math.Min(expected.Count, json.Count); i++)
        {
            CompareFields(expected[i], FromJson(json[i]), "json", includeDecoderOnlyFields: false, differences);
        }

        return differences;
    }

    /// <summary>What our decoder should report for a packet, worked out from tshark's fields alone.</summary>
    public static DecodedVrrpFrame Expected(TsharkVrrpRow row)
    {
        bool isVersion2 = row.Version == (int)VrrpVersion.V2;
        bool isIPv4 = row.Source.AddressFamily == AddressFamily.InterNetwork;

        // tshark checks a VRRPv3 checksum in one form per run (its v3_checksum_as_in_v2 preference); we accept
        // either form for VRRPv3 over IPv4 and report which matched.
        bool pseudoHeaderValid = !isVersion2 && row.ChecksumStatus == TsharkChecksumStatus.Good;
        bool messageValid = isVersion2
            ? row.ChecksumStatus == TsharkChecksumStatus.Good
            : isIPv4 && row.ChecksumStatusAsInV2 == TsharkChecksumStatus.Good;
        bool valid = pseudoHeaderValid || messageValid;

        // keepalived's old_unicast_checksum form (pseudo-header with 224.0.0.18 for a unicast advert): tshark calls it
        // bad in both forms; keepalived accepts it, and so do we, without calling it valid. Worked out independently
        // of our reader by rebuilding the message from tshark's fields.
        bool oldUnicastForm = !valid && !isVersion2 && isIPv4 && !IsMulticast(row.Destination) && MatchesOldUnicastChecksum(row);
        bool accepted = valid || oldUnicastForm;

        VrrpPacketNotes notes = VrrpPacketNotes.None;
        if (accepted && !isVersion2)
        {
            if (row.Reserved is > 0)
            {
                notes |= VrrpPacketNotes.ReservedBitsSet;
            }

            if (!isIPv4 && !(row.Addresses.Count > 0 && s_linkLocal.Contains(row.Addresses[0])))
            {
                notes |= VrrpPacketNotes.FirstAddressNotLinkLocal;
            }
        }

        if (accepted && row.Ttl != VrrpPacketReader.RequiredTtl && !IsMulticast(row.Destination))
        {
            notes |= VrrpPacketNotes.UnicastTtlNot255;
        }

        return new DecodedVrrpFrame
        {
            FrameNumber = row.FrameNumber,
            Source = row.Source.ToString(),
            Destination = row.Destination.ToString(),
            Ttl = row.Ttl,
            Version = row.Version,
            Type = row.Type,
            VirtualRouterId = row.VirtualRouterId,
            Priority = row.Priority,
            AddressCount = row.AddressCount,

            // tshark's v2 Adver Int is in seconds, its v3 Max Adver Int in centiseconds; ours is always centiseconds.
            AdvertIntervalCentiseconds = isVersion2
                ? row.AdverIntSeconds * 100
                : row.ShortAdverIntCentiseconds,
            Checksum = row.Checksum,
            ChecksumValid = valid,
            ChecksumForm = pseudoHeaderValid ? VrrpChecksumForm.PseudoHeader
                : messageValid ? VrrpChecksumForm.Message
                : oldUnicastForm ? VrrpChecksumForm.PseudoHeaderWithMulticastGroup
                : null,
            Addresses = row.Addresses.Select(a => a.ToString()).ToList(),
            AuthType = isVersion2 ? row.AuthType : null,

            // tshark prints the string only for simple-text authentication; we print an empty one for other v2 types.
            AuthString = isVersion2 ? row.AuthString ?? string.Empty : null,
            Error = accepted ? VrrpPacketError.None : VrrpPacketError.BadChecksum,
            Notes = notes,
        };
    }

    private static bool MatchesOldUnicastChecksum(TsharkVrrpRow row)
    {
        if (row.ShortAdverIntCentiseconds is null || row.Addresses.Count != row.AddressCount)
        {
            return false;
        }

        byte[] message = new byte[8 + (row.Addresses.Count * 4)];
        message[0] = (byte)((row.Version << 4) | row.Type);
        message[1] = (byte)row.VirtualRouterId;
        message[2] = (byte)row.Priority;
        message[3] = (byte)row.AddressCount;
        int interval = ((row.Reserved ?? 0) << 12) | row.ShortAdverIntCentiseconds.Value;
        message[4] = (byte)(interval >> 8);
        message[5] = (byte)interval;
        for (int i = 0; i < row.Addresses.Count; i++)
        {
            row.Addresses[i].GetAddressBytes().CopyTo(message, 8 + (i * 4));
        }

        ulong sum = InternetChecksum.AddPseudoHeader(row.Source.GetAddressBytes(), IPAddress.Parse("224.0.0.18").GetAddressBytes(), message.Length, InternetChecksum.Add(message));
        return InternetChecksum.Finish(sum) == row.Checksum;
    }

    /// <summary>
    /// Reads one line of <c>vrrp decode --json</c> back into a frame. The line carries no frame number, checksum form or
    /// notes: those stay at their defaults and are compared for the in-process decoder only.
    /// </summary>
    public static DecodedVrrpFrame FromJson(JsonElement line) => new()
    {
        FrameNumber = 0,
        Source = line.GetProperty("src").GetString()!,
        Destination = line.GetProperty("dst").GetString()!,
        Ttl = line.GetProperty("ttl").GetInt32(),
        Version = NullableInt(line, "version"),
        Type = NullableInt(line, "type"),
        VirtualRouterId = NullableInt(line, "vrid"),
        Priority = NullableInt(line, "priority"),
        AddressCount = NullableInt(line, "addressCount"),
        AdvertIntervalCentiseconds = NullableInt(line, "advertInterval"),
        Checksum = NullableInt(line, "checksum"),
        ChecksumValid = line.GetProperty("checksumValid").GetBoolean(),
        Addresses = line.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()!).ToList(),
        AuthType = line.TryGetProperty("authType", out JsonElement authType) ? NullableInt(authType) : null,
        AuthString = line.TryGetProperty("authString", out JsonElement authString) ? authString.GetString() : null,
        Error = line.TryGetProperty("error", out JsonElement error) ? ErrorFromReason(error.GetString()) : VrrpPacketError.None,
    };

    private static VrrpPacketError ErrorFromReason(string? reason) =>
        Enum.GetValues<VrrpPacketError>().Where(e => e != VrrpPacketError.None && e.ToReason() == reason).Cast<VrrpPacketError?>().FirstOrDefault()
        ?? throw new FormatException($"vrrp decode --json printed an unknown error \"{reason}\"");

    private static List<JsonElement> DecodeJson(string captureFile, List<string> differences)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int exitCode = DecodeCommand.Run(new FileInfo(captureFile), json: true, output, error);
        if (exitCode != ExitCodes.Success || error.ToString().Length > 0)
        {
            differences.Add($"vrrp decode --json exited {exitCode}: {error}");
        }

        return output.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(ParseLine)
            .ToList();
    }

    private static JsonElement ParseLine(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    private static void CompareFrameLists(List<DecodedVrrpFrame> expected, List<DecodedVrrpFrame> decoded, List<string> differences)
    {
        if (expected.Count == decoded.Count)
        {
            return;
        }

        var tsharkFrames = expected.Select(e => e.FrameNumber).ToHashSet();
        var ourFrames = decoded.Select(d => d.FrameNumber).ToHashSet();
        differences.Add(
            $"tshark sees {expected.Count} VRRP packets, we decode {decoded.Count}; "
            + $"only tshark: [{string.Join(", ", tsharkFrames.Except(ourFrames))}], only us: [{string.Join(", ", ourFrames.Except(tsharkFrames))}]");
    }

    private static void CompareFields(DecodedVrrpFrame expected, DecodedVrrpFrame actual, string reporter, bool includeDecoderOnlyFields, List<string> differences)
    {
        string where = $"frame {expected.FrameNumber} ({reporter})";
        void Check<T>(string field, T want, T got)
        {
            if (!EqualityComparer<T>.Default.Equals(want, got))
            {
                differences.Add($"{where} {field}: tshark {Show(want)}, ours {Show(got)}");
            }
        }

        if (includeDecoderOnlyFields)
        {
            Check("frame number", expected.FrameNumber, actual.FrameNumber);
            Check("checksum form", expected.ChecksumForm, actual.ChecksumForm);
            Check("notes", expected.Notes, actual.Notes);
        }

        // Addresses are compared as addresses, not as however each reporter spells them.
        Check("source", IPAddress.Parse(expected.Source), IPAddress.Parse(actual.Source));
        Check("destination", IPAddress.Parse(expected.Destination), IPAddress.Parse(actual.Destination));
        Check("ttl/hop limit", expected.Ttl, actual.Ttl);
        Check("version", expected.Version, actual.Version);
        Check("type", expected.Type, actual.Type);
        Check("vrid", expected.VirtualRouterId, actual.VirtualRouterId);
        Check("priority", expected.Priority, actual.Priority);
        Check("address count", expected.AddressCount, actual.AddressCount);
        Check("advert interval (cs)", expected.AdvertIntervalCentiseconds, actual.AdvertIntervalCentiseconds);
        Check("checksum", expected.Checksum, actual.Checksum);
        Check("checksum valid", expected.ChecksumValid, actual.ChecksumValid);
        Check("auth type", expected.AuthType, actual.AuthType);
        Check("auth string", expected.AuthString, actual.AuthString);
        Check("error", Reason(expected.Error), Reason(actual.Error));
        if (!expected.Addresses.Select(IPAddress.Parse).SequenceEqual(actual.Addresses.Select(IPAddress.Parse)))
        {
            differences.Add($"{where} addresses: tshark [{string.Join(", ", expected.Addresses)}], ours [{string.Join(", ", actual.Addresses)}]");
        }
    }

    private static bool IsMulticast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? address.IsIPv6Multicast
        : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    /// <summary>The rejection reason (<see cref="VrrpPacketErrorExtensions.ToReason"/>), or null for a valid packet.</summary>
    private static string? Reason(VrrpPacketError error) => error == VrrpPacketError.None ? null : error.ToReason();

    private static int? NullableInt(JsonElement line, string name) => NullableInt(line.GetProperty(name));

    private static int? NullableInt(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();

    private static string Show<T>(T value) => value switch
    {
        null => "(none)",
        string text => $"\"{text}\"",
        int number => number.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "(none)",
    };
}
