using System.Globalization;

namespace HaproxyFailover.Demo;

/// <summary>
/// Reads a run's files (requests.csv from the client, faults.csv and vip.csv from the script, settings.txt) and prints
/// the timeline per fault: requests, failed, longest outage, which node served; the longest time the VIP was on both
/// nodes; writes the SVG chart; with check on (CI), returns 1 when a fault failed more requests than its CI bound or
/// the VIP was on both nodes longer than the lease.
/// </summary>
internal static class Report
{
    public static int Run(string runDirectory, string svgPath, bool check)
    {
        Dictionary<string, string> settings = ReadSettings(Path.Combine(runDirectory, "settings.txt"));
        List<RequestRecord> requests = RequestRecord.ReadAll(Path.Combine(runDirectory, "requests.csv"));
        List<FaultMark> faults = FaultMark.ReadAll(Path.Combine(runDirectory, "faults.csv"));
        if (requests.Count == 0)
        {
            Console.Error.WriteLine("report: the client recorded no request");
            return 1;
        }

        long periodMs = long.Parse(settings.GetValueOrDefault("period_ms", "10"), CultureInfo.InvariantCulture);
        long leaseMs = long.Parse(settings.GetValueOrDefault("lease_ms", "0"), CultureInfo.InvariantCulture);
        long end = requests[^1].StartMs + periodMs;
        List<VipSample> vip = settings.TryGetValue("vip", out string? address)
            ? VipSample.FromAddressEvents(runDirectory, address, end)
            : VipSample.ReadAll(Path.Combine(runDirectory, "vip.csv"));
        var problems = new List<string>();
        var rows = new List<FaultResult>();
        var bothPerFault = new List<long>();
        for (int i = 0; i < faults.Count; i++)
        {
            long windowEnd = i + 1 < faults.Count ? faults[i + 1].StartMs : end;
            FaultResult result = FaultResult.Measure(faults[i], requests.Where(r => r.StartMs >= faults[i].StartMs && r.StartMs < windowEnd).ToList(), periodMs);
            rows.Add(result);
            bothPerFault.Add(VipSample.LongestOnBoth(vip, faults[i].StartMs, windowEnd));
            int bound = check ? faults[i].CiMaxFailed : faults[i].MaxFailed;
            if (result.Failed > bound)
            {
                problems.Add($"{faults[i].Name}: {result.Failed} failed requests, more than {(check ? "CI's" : "the issue's")} bound of {bound}");
            }
        }

        (long bothMs, long bothAt) = VipSample.LongestOnBoth(vip);
        Print(settings, requests, rows, bothMs, bothAt, leaseMs, faults.Count > 0 ? faults[0].StartMs : requests[0].StartMs);
        if (leaseMs > 0 && bothMs > leaseMs)
        {
            problems.Add($"the VIP was on both nodes for {bothMs / 1000.0:0.00} s, longer than the lease of {leaseMs / 1000.0:0.0} s");
        }

        // One line per fault, for scripts that compare runs (compare RUNDIR RUNDIR reads it).
        File.WriteAllLines(Path.Combine(runDirectory, "summary.csv"), [
            "name,requests,failed,max_failed,longest_outage_ms,served_by,vip_on_both_ms",
            .. rows.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"{r.Fault.Name},{r.Requests},{r.Failed},{r.Fault.MaxFailed},{r.LongestOutageMs},{r.ServedBy},{bothPerFault[i]}")),
            string.Create(CultureInfo.InvariantCulture, $"vip-on-both,,,,{bothMs},,{bothMs}")]);
        WriteNodeDownTimings(runDirectory, settings, faults, requests);
        Chart.Write(svgPath, settings, requests, faults, vip, periodMs);
        Console.WriteLine($"chart: {svgPath}");
        foreach (string problem in problems)
        {
            Console.WriteLine($"{(check ? "FAILED" : "over")}: {problem}");
        }

        return check && problems.Count > 0 ? 1 : 0;
    }

    private static void Print(IReadOnlyDictionary<string, string> settings, List<RequestRecord> requests, List<FaultResult> rows, long bothMs, long bothAt, long leaseMs, long origin)
    {
        int failed = requests.Count(r => !r.Ok);
        Console.WriteLine();
        Console.WriteLine($"{settings.GetValueOrDefault("title", "HAProxy pair")}: {requests.Count} requests, {failed} failed");
        Console.WriteLine();
        Console.WriteLine($" #  {"t (s)",5}  {"fault",-15} {"requests",8} {"failed",6} {"(bound)",7} {"longest outage",14}  served by");
        for (int i = 0; i < rows.Count; i++)
        {
            FaultResult row = rows[i];
            string mark = row.Failed > row.Fault.MaxFailed ? "  << over the bound" : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i + 1,2}  {(row.Fault.StartMs - origin) / 1000.0,5:0.0}  {row.Fault.Name,-15} {row.Requests,8} {row.Failed,6} {"(≤" + row.Fault.MaxFailed.ToString(CultureInfo.InvariantCulture) + ")",7} {row.LongestOutageMs / 1000.0,12:0.00} s  {row.ServedBy}{mark}"));
        }

        Console.WriteLine();
        for (int i = 0; i < rows.Count; i++)
        {
            Console.WriteLine($"{i + 1,2}  {rows[i].Fault.Name}: {rows[i].Fault.Description}");
        }

        Console.WriteLine();
        string lease = leaseMs > 0 ? string.Create(CultureInfo.InvariantCulture, $"lease {leaseMs / 1000.0:0.0} s") : "no lease";
        Console.WriteLine(bothMs > 0
            ? string.Create(CultureInfo.InvariantCulture, $"VIP on both nodes: longest {bothMs / 1000.0:0.00} s (at t={(bothAt - origin) / 1000.0:0.0} s); {lease}")
            : $"VIP on both nodes: never; {lease}");
    }

    /// <summary>
    /// For each node-down fault, when the backup took over counted from the dead master's last advert (from the
    /// client's capture, wire.log): printed, and written to node-down.csv.
    /// </summary>
    private static void WriteNodeDownTimings(string runDirectory, Dictionary<string, string> settings, List<FaultMark> faults, List<RequestRecord> requests)
    {
        List<WirePacket> wire = settings.TryGetValue("vip", out string? vip) ? WirePacket.ReadAll(Path.Combine(runDirectory, "wire.log"), vip) : [];
        List<NodeDownTiming> timings = [.. faults.Where(f => f.Name == "node-down").Select(f => NodeDownTiming.Measure(f, wire, requests)).OfType<NodeDownTiming>()];
        if (timings.Count == 0)
        {
            return;
        }

        static string Ms(double? ms) => ms is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0}") : string.Empty;
        Console.WriteLine();
        Console.WriteLine("node down, from the master's last advert (ms): the cut, the backup's first advert, its first gratuitous ARP, the first request it served");
        foreach (NodeDownTiming t in timings)
        {
            Console.WriteLine($"  {Ms(t.CutMs),5} {Ms(t.BackupAdvertMs),6} {Ms(t.BackupGarpMs),6} {Ms(t.FirstServedMs),6}");
        }

        File.WriteAllLines(Path.Combine(runDirectory, "node-down.csv"), [
            "start_ms,cut_ms,backup_advert_ms,backup_garp_ms,first_served_ms",
            .. timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Fault.StartMs},{Ms(t.CutMs)},{Ms(t.BackupAdvertMs)},{Ms(t.BackupGarpMs)},{Ms(t.FirstServedMs)}"))]);
    }

    private static Dictionary<string, string> ReadSettings(string path)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (string line in File.ReadAllLines(path))
            {
                int equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    settings[line[..equals]] = line[(equals + 1)..];
                }
            }
        }

        return settings;
    }
}
