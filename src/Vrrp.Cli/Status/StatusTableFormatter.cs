using System.Globalization;
using Vrrp.Instances;

namespace Vrrp.Cli.Status;

/// <summary>Prints a status snapshot for people: one table row per instance, then each instance's explanation and counters.</summary>
internal static class StatusTableFormatter
{
    public static void Write(StatusSnapshot snapshot, DateTimeOffset now, TextWriter output)
    {
        string[] header = ["INSTANCE", "VRID", "STATE", "SINCE", "PRIORITY", "MASTER"];
        var rows = new List<string[]> { header };
        foreach (InstanceStatusSnapshot instance in snapshot.Instances)
        {
            rows.Add(
            [
                instance.Name,
                instance.VirtualRouterId.ToString(CultureInfo.InvariantCulture),
                instance.Maintenance ? "MAINTENANCE" : instance.State.ToUpperInvariant(),
                string.Create(CultureInfo.InvariantCulture, $"{instance.Since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({Duration(now - instance.Since)})"),
                instance.EffectivePriority == instance.BasePriority
                    ? instance.EffectivePriority.ToString(CultureInfo.InvariantCulture)
                    : string.Create(CultureInfo.InvariantCulture, $"{instance.EffectivePriority} (base {instance.BasePriority})"),
                instance.MasterAddress is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{instance.MasterAddress} priority {instance.MasterPriority}"),
            ]);
        }

        int[] widths = [.. Enumerable.Range(0, header.Length).Select(column => rows.Max(row => row[column].Length))];
        foreach (string[] row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        }

        foreach (InstanceStatusSnapshot instance in snapshot.Instances)
        {
            VrrpCounters c = instance.Counters;
            VrrpTimerLateness late = instance.TimerLateness;
            long dropped = instance.Drops.Values.Sum();
            output.WriteLine();
            output.WriteLine($"{instance.Name}: {instance.Explanation}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  adverts: sent {c.AdvertisementsSent}, received {c.AdvertisementsReceived}, dropped {dropped}{Drops(instance.Drops)}; transitions {c.Transitions} (master {c.BecameMaster}); send errors {c.SendErrors}, binder errors {c.BinderErrors}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  timers: {late.Count} fired, {late.CountOverThreshold} later than {late.Threshold.TotalMilliseconds:0.###} ms, max {late.Max.TotalMilliseconds:0.###} ms, mean {late.Mean.TotalMilliseconds:0.###} ms"));
            if (c.UnicastSourceMismatches != 0 || c.AddressListMismatches != 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  mismatched adverts: unicast source not a peer {c.UnicastSourceMismatches}, other address list {c.AddressListMismatches}{(c.LastAddressListMismatchSource is { } from ? " (last from " + from + ")" : string.Empty)}"));
            }

            if (instance.Binding is { } binding)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  VIP commands: {binding.State} since {binding.Since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({Duration(now - binding.Since)}), attempt {binding.Attempts}{(binding.LastError is null ? string.Empty : "; last error: " + binding.LastError)}"));
            }

            if (instance.LastError is not null)
            {
                output.WriteLine($"  last error: {instance.LastError}");
            }
        }

        if (snapshot.LastReload is { } reload)
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"last reload {reload.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({Duration(now - reload.At)} ago): {(reload.Succeeded ? "applied" : "refused, the running configuration is unchanged")}"));
            foreach (string line in reload.Succeeded ? reload.Actions : reload.Errors)
            {
                output.WriteLine($"  {line}");
            }
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"written {snapshot.WrittenAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} by pid {snapshot.ProcessId} ({Duration(now - snapshot.WrittenAt)} ago)"));
    }

    private static string Drops(IReadOnlyDictionary<string, long> drops) =>
        drops.Count == 0 ? string.Empty : $" ({string.Join(", ", drops.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value}")))})";

    private static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d{span.Hours}h")
            : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes}m")
            : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s");
    }
}
