using System.Text.Json.Serialization;

namespace Vrrp.Cli.Status;

/// <summary>Source-generated (AOT-safe) JSON of the status file.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(StatusSnapshot))]
internal sealed partial class StatusJsonContext : JsonSerializerContext
{
}
