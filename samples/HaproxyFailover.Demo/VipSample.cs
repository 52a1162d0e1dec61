using System.Globalization;

namespace HaproxyFailover.Demo;

/// <summary>Whether each node held the VIP at a moment (the script samples both namespaces every ~50 ms).</summary>
internal sealed record VipSample(long AtMs, bool Node1, bool Node2)
{
    public string Holder => (Node1, Node2) switch
    {
        (true, true) => "both",
        (true, false) => "node1",
        (false, true) => "node2",
        _ => "none",
    };

    public static List<VipSample> ReadAll(string path) =>
        !File.Exists(path) ? [] : [.. File.ReadLines(path).Skip(1).Select(Parse).OfType<VipSample>().OrderBy(s => s.AtMs)];

    /// <summary>The longest stretch with the VIP on both nodes (from the first sample that saw both to the first that did not), and when it began.</summary>
    public static (long DurationMs, long AtMs) LongestOnBoth(List<VipSample> samples)
    {
        long longest = 0;
        long at = 0;
        long? since = null;
        foreach (VipSample sample in samples)
        {
            if (sample.Node1 && sample.Node2)
            {
                since ??= sample.AtMs;
            }
            else if (since is { } start)
            {
                if (sample.AtMs - start > longest)
                {
                    longest = sample.AtMs - start;
                    at = start;
                }

                since = null;
            }
        }

        if (since is { } open && samples.Count > 0 && samples[^1].AtMs - open > longest)
        {
            longest = samples[^1].AtMs - open;
            at = open;
        }

        return (longest, at);
    }

    private static VipSample? Parse(string line)
    {
        string[] f = line.Split(',');
        return f.Length < 3 || !long.TryParse(f[0], CultureInfo.InvariantCulture, out long at) ? null : new VipSample(at, f[1] == "1", f[2] == "1");
    }
}
