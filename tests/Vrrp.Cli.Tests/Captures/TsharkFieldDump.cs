
namespace Vrrp.Cli.Tests.Captures;

/// <summary>
/// Reads the TSV that <c>tests/scripts/tshark-fields.sh</c> prints. Columns are found by their field names, so the
/// script may add fields; a missing column or a value that does not parse is an error, never a silent default.
/// </summary>
internal static class TsharkFieldDump
{
    public static IReadOnlyList<TsharkVrrpRow> Parse(string tsv)
    {
        string[] lines = tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            throw new FormatException("tshark field dump is empty: not even a header line");
        }

        string[] header = lines[0].Split('\t');
        var rows = new List<TsharkVrrpRow>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            rows.Add(ParseRow(new Line(header, lines[i].Split('\t'), i + 1)));
        }

        return rows;
    }

    private static TsharkVrrpRow ParseRow(Line line)
    {
        bool isIPv4 = line.Text("ip.src").Length > 0;
        string prefix = isIPv4 ? "ip" : "ipv6";
        return new TsharkVrrpRow(
            FrameNumber: line.Int("frame.number"),
            Source: line.Address($"{prefix}.src"),
            Destination: line.Address($"{prefix}.dst"),
            Ttl: line.Int(isIPv4 ? "ip.ttl" : "ipv6.hlim"),
            Version: line.Int("vrrp.version"),
            Type: line.Int("vrrp.type"),
            VirtualRouterId: line.Int("vrrp.virt_rtr_id"),
            Priority: line.Int("vrrp.prio"),
            AddressCount: line.Int("vrrp.addr_count"),
            AuthType: line.OptionalInt("vrrp.auth_type"),
            AdverIntSeconds: line.OptionalInt("vrrp.adver_int"),
            Reserved: line.OptionalInt("vrrp.reserved_mbz"),
            ShortAdverIntCentiseconds: line.OptionalInt("vrrp.short_adver_int"),
            Checksum: line.Int("vrrp.checksum"),
            ChecksumStatus: (TsharkChecksumStatus)line.Int("vrrp.checksum.status"),
            ChecksumStatusAsInV2: (TsharkChecksumStatus)line.Int("vrrp.checksum.status.v3_checksum_as_in_v2"),
            Addresses: line.Addresses(isIPv4 ? "vrrp.ip_addr" : "vrrp.ipv6_addr"),
            AuthString: line.Text("vrrp.auth_string") is { Length: > 0 } text ? text : null);
    }

    private sealed class Line(string[] header, string[] values, int number)
    {
        public string Text(string field)
        {
            int column = Array.IndexOf(header, field);
            if (column < 0)
            {
                throw new FormatException($"tshark field dump has no column '{field}'");
            }

            return column < values.Length ? values[column] : string.Empty;
        }

        public int Int(string field) =>
            OptionalInt(field) ?? throw new FormatException($"line {number}: '{field}' is empty");

        public int? OptionalInt(string field)
        {
            string text = Text(field);
            if (text.Length == 0)
            {
                return null;
            }

            bool parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
            return parsed ? value : throw new FormatException($"line {number}: '{field}' is '{text}', not one number (VRRP inside a tunnel or an ICMP error?)");
        }

        public IPAddress Address(string field) =>
            IPAddress.TryParse(Text(field), out IPAddress? address) && !Text(field).Contains(',', StringComparison.Ordinal)
                ? address
                : throw new FormatException($"line {number}: '{field}' is '{Text(field)}', not one IP address");

        public List<IPAddress> Addresses(string field)
        {
            string text = Text(field);
            return text.Length == 0
                ? []
                : text.Split(',').Select(a => IPAddress.TryParse(a, out IPAddress? address)
                    ? address
                    : throw new FormatException($"line {number}: '{field}' holds '{a}', not an IP address")).ToList();
        }
    }
}
