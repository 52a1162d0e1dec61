using System.Globalization;

namespace HaproxyFailover.Demo;

/// <summary>
/// <c>compare RUNDIR RUNDIR</c>: two runs of the same fault sequence (the sample host's and keepalived's, say) side by
/// side from their summary.csv and node-down.csv: per fault the failed requests, the longest outage and how long the
/// VIP was on both nodes; for faults run more than once, min / median / max.
/// </summary>
internal static class Compare
{
    public static int Run(string first, string second)
    {
        (string Label, List<string[]> Rows, List<string[]> NodeDown)[] runs = [Read(first), Read(second)];
        int faults = Math.Min(runs[0].Rows.Count, runs[1].Rows.Count);
        if (faults == 0 || runs[0].Rows.Count != runs[1].Rows.Count
            || !runs[0].Rows.Select(r => r[0]).SequenceEqual(runs[1].Rows.Select(r => r[0]), StringComparer.Ordinal))
        {
            Console.Error.WriteLine("compare: the two runs did not inject the same faults");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine($"failed requests (longest outage; VIP on both nodes), A: {runs[0].Label}; B: {runs[1].Label}");
        Console.WriteLine();
        Console.WriteLine($" #  {"fault",-15} {"A",-26} {"B",-26}");
        for (int i = 0; i < faults; i++)
        {
            Console.WriteLine($"{i + 1,2}  {runs[0].Rows[i][0],-15} {Cell(runs[0].Rows[i]),-26} {Cell(runs[1].Rows[i]),-26}");
        }

        foreach (string name in runs[0].Rows.Select(r => r[0]).Distinct(StringComparer.Ordinal))
        {
            if (runs[0].Rows.Count(r => r[0] == name) > 1)
            {
                Console.WriteLine($"    {name,-15} {Spread(runs[0].Rows, name),-26} {Spread(runs[1].Rows, name),-26}  (failed, min / median / max)");
            }
        }

        if (runs[0].NodeDown.Count > 0 || runs[1].NodeDown.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("node down, ms from the dead master's last advert (min / median / max), A | B:");
            string[] columns = ["the link cut", "the backup's first advert", "its first gratuitous ARP", "the first request it served"];
            for (int c = 0; c < columns.Length; c++)
            {
                Console.WriteLine($"    {columns[c],-28} {Spread(runs[0].NodeDown.Select(r => r[c + 1])),-20} | {Spread(runs[1].NodeDown.Select(r => r[c + 1]))}");
            }
        }

        return 0;
    }

    private static (string Label, List<string[]> Rows, List<string[]> NodeDown) Read(string runDirectory)
    {
        string settings = Path.Combine(runDirectory, "settings.txt");
        string label = File.Exists(settings)
            ? File.ReadLines(settings).FirstOrDefault(l => l.StartsWith("label=", StringComparison.Ordinal))?["label=".Length..] ?? runDirectory
            : runDirectory;
        string summary = Path.Combine(runDirectory, "summary.csv");
        string nodeDown = Path.Combine(runDirectory, "node-down.csv");
        return (label,
            File.Exists(summary) ? [.. File.ReadLines(summary).Skip(1).Select(l => l.Split(',')).Where(f => f.Length >= 7 && f[0] != "vip-on-both")] : [],
            File.Exists(nodeDown) ? [.. File.ReadLines(nodeDown).Skip(1).Select(l => l.Split(','))] : []);
    }

    // name,requests,failed,max_failed,longest_outage_ms,served_by,vip_on_both_ms
    private static string Cell(string[] row)
    {
        double outage = double.Parse(row[4], CultureInfo.InvariantCulture) / 1000;
        double both = double.Parse(row[6], CultureInfo.InvariantCulture) / 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{row[2],4} ({outage:0.00} s; {(both > 0 ? both.ToString("0.00 s", CultureInfo.InvariantCulture) : "-")})");
    }

    private static string Spread(List<string[]> rows, string name) => Spread(rows.Where(r => r[0] == name).Select(r => r[2]));

    private static string Spread(IEnumerable<string> values)
    {
        List<double> sorted = [.. values.Where(v => v.Length > 0).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Order()];
        if (sorted.Count == 0)
        {
            return "-";
        }

        double median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[0]:0} / {median:0.#} / {sorted[^1]:0} (n={sorted.Count})");
    }
}
