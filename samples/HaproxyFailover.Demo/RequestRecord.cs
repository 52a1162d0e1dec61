using System.Globalization;

namespace HaproxyFailover.Demo;

/// <summary>One client request: when it started (Unix ms), whether it got a 200, and which node's HAProxy answered.</summary>
internal sealed record RequestRecord(long StartMs, double LatencyMs, bool Ok, string ServedBy, string Error)
{
    public static List<RequestRecord> ReadAll(string path) =>
        [.. File.ReadLines(path).Skip(1).Select(Parse).OfType<RequestRecord>().OrderBy(r => r.StartMs)];

    private static RequestRecord? Parse(string line)
    {
        string[] f = line.Split(',');
        return f.Length < 5 ? null : new RequestRecord(
            long.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), f[2] == "1", f[3], f[4]);
    }
}
