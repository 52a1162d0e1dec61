using System.Text.Json.Serialization;
using Vrrp.Hosting.Control;

namespace Vrrp.Cli.Control;

/// <summary>Source-generated (AOT-safe) JSON of the control protocol: camelCase, one object per line, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlReply))]
[JsonSerializable(typeof(ControlEvent))]
[JsonSerializable(typeof(VrrpReloadResult))]
internal sealed partial class ControlJsonContext : JsonSerializerContext
{
}
