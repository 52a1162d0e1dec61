using System.Text.Json;

namespace Vrrp.Cli.Tests.Faults;

/// <summary>Reads the drop counters of the first instance from a <c>vrrp run --status-file</c> JSON file (docs/observability.md).</summary>
internal static class StatusDrops
{
    public static IReadOnlyDictionary<string, long> Read(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement instance = document.RootElement.GetProperty("instances")[0];
        return instance.GetProperty("drops").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
    }

    public static long Get(this IReadOnlyDictionary<string, long> drops, string reason) => drops.TryGetValue(reason, out long count) ? count : 0;
}
