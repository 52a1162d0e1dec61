using System.Text.Json.Serialization;

namespace Vrrp.Cli.Status;

/// <summary>Source-generated (AOT-safe) JSON of the status file; <see cref="StatusJson.Snapshot"/> adds the file's names.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    Converters = [typeof(SecondsJsonConverter), typeof(IPAddressJsonConverter)])]
[JsonSerializable(typeof(StatusSnapshot))]
internal sealed partial class StatusJsonContext : JsonSerializerContext
{
}
