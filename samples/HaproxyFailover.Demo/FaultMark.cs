using System.Globalization;

namespace HaproxyFailover.Demo;

/// <summary>
/// A fault the script injected: its name, when (Unix ms), the most failed requests the issue allows, the most CI
/// allows (the bound plus room for a loaded two-core runner), and what it was.
/// </summary>
internal sealed record FaultMark(string Name, long StartMs, int MaxFailed, int CiMaxFailed, string Description)
{
    public static List<FaultMark> ReadAll(string path) =>
        !File.Exists(path) ? [] : [.. File.ReadLines(path).Skip(1).Select(Parse).OfType<FaultMark>().OrderBy(f => f.StartMs)];

    private static FaultMark? Parse(string line)
    {
        string[] f = line.Split(',', 5);
        return f.Length < 5 ? null : new FaultMark(
            f[0], long.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture), f[4]);
    }
}
