using System.Text.Json;
using Vrrp.Cli.Captures;
using Vrrp.Packets;

namespace Vrrp.Cli.Tests.Captures;

/// <summary>
/// Compares what we decode from a capture, in process and through <c>vrrp decode --json</c>, with Wireshark's
/// dissection of the same capture, field by field and packet by packet. Shared by the tests on committed captures and
/// the live keepalived run.
/// </summary>
internal static class TsharkComparison
{
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
        List<DecodedVrrpFrame> expected = rows.Select(row => row.ToExpectedFrame()).ToList();

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
