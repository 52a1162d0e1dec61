using System.Globalization;

namespace HaproxyFailover.Demo;

/// <summary>
/// Whether each node held the VIP from a moment on: one sample per change, rebuilt from the address events each node's
/// namespace reported (<c>ip -o -ts monitor address</c>: adds, deletes, lease expiries, to the microsecond), or read
/// from a <c>t_ms,node1,node2</c> file.
/// </summary>
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

    /// <summary>Rebuilds the samples from <c>addr-node1.log</c> and <c>addr-node2.log</c> (<c>ip -o -ts monitor address</c>), ending at <paramref name="endMs"/>.</summary>
    public static List<VipSample> FromAddressEvents(string runDirectory, string vip, long endMs)
    {
        var events = new List<(long At, int Node, bool Present)>();
        for (int node = 1; node <= 2; node++)
        {
            string path = Path.Combine(runDirectory, $"addr-node{node}.log");
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (string line in File.ReadLines(path))
            {
                // [2026-12-07T00:16:14.036059] Deleted 1: lo    inet 10.9.9.9/24 ... (the time is local)
                int close = line.IndexOf(']', StringComparison.Ordinal);
                if (!line.StartsWith('[') || close < 0 || !line.Contains($" inet {vip}/", StringComparison.Ordinal)
                    || !DateTimeOffset.TryParse(line[1..close], CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out DateTimeOffset at))
                {
                    continue;
                }

                events.Add((at.ToUnixTimeMilliseconds(), node, !line[(close + 1)..].TrimStart().StartsWith("Deleted", StringComparison.Ordinal)));
            }
        }

        var samples = new List<VipSample>();
        bool node1 = false;
        bool node2 = false;
        foreach ((long at, int node, bool present) in events.OrderBy(e => e.At))
        {
            (node1, node2) = node == 1 ? (present, node2) : (node1, present);
            if (samples.Count == 0 || samples[^1].Node1 != node1 || samples[^1].Node2 != node2)
            {
                samples.Add(new VipSample(at, node1, node2));
            }
        }

        if (samples.Count > 0)
        {
            samples.Add(samples[^1] with { AtMs = Math.Max(endMs, samples[^1].AtMs) });
        }

        return samples;
    }

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

    /// <summary>The longest stretch with the VIP on both nodes within [<paramref name="fromMs"/>, <paramref name="toMs"/>) (one fault's window).</summary>
    public static long LongestOnBoth(List<VipSample> samples, long fromMs, long toMs)
    {
        VipSample? before = samples.LastOrDefault(s => s.AtMs <= fromMs);
        var window = new List<VipSample>();
        if (before is not null)
        {
            window.Add(before with { AtMs = fromMs });
        }

        window.AddRange(samples.Where(s => s.AtMs > fromMs && s.AtMs < toMs));
        if (window.Count > 0)
        {
            window.Add(window[^1] with { AtMs = toMs, Node1 = false, Node2 = false });
        }

        return LongestOnBoth(window).DurationMs;
    }

    private static VipSample? Parse(string line)
    {
        string[] f = line.Split(',');
        return f.Length < 3 || !long.TryParse(f[0], CultureInfo.InvariantCulture, out long at) ? null : new VipSample(at, f[1] == "1", f[2] == "1");
    }
}
