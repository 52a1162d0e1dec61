using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vrrp.Instances;

namespace Vrrp.Cli.Status;

/// <summary>
/// The JSON contract of the status file. Core's <see cref="VrrpCounters"/> and <see cref="VrrpTimerLateness"/> are
/// written as they are, so a counter added in Core appears in the file without a copy here; only the names the file
/// has always used differ (<c>adverts_sent</c>, durations as <c>*_seconds</c>), and the per-reason drops are left to
/// the instance's own <c>drops</c> object.
/// </summary>
internal static class StatusJson
{
    /// <summary>Gets the contract of the whole file, for writing and reading it.</summary>
    public static JsonTypeInfo<StatusSnapshot> Snapshot { get; } = (JsonTypeInfo<StatusSnapshot>)new JsonSerializerOptions(StatusJsonContext.Default.Options)
    {
        TypeInfoResolver = StatusJsonContext.Default.WithAddedModifier(UseFileNames),
    }.GetTypeInfo(typeof(StatusSnapshot));

    private static void UseFileNames(JsonTypeInfo type)
    {
        if (type.Type != typeof(VrrpCounters) && type.Type != typeof(VrrpTimerLateness))
        {
            return;
        }

        foreach (JsonPropertyInfo property in type.Properties)
        {
            switch (property.Name)
            {
                case "drops" or "packet_errors" or "histogram":
                    // Kept in the contract (Core's init-only properties bind as one initializer), never written.
                    property.ShouldSerialize = static (_, _) => false;
                    break;
                case "advertisements_sent" or "advertisements_received":
                    property.Name = property.Name.Replace("advertisements_", "adverts_", StringComparison.Ordinal);
                    break;
                default:
                    if (property.PropertyType == typeof(TimeSpan))
                    {
                        property.Name += "_seconds";
                    }

                    break;
            }
        }
    }
}
