using System.Text.Json.Serialization;
using Vrrp.Config.Options;

namespace Vrrp.Cli.ConfigCheck;

/// <summary>Source-generated (AOT-safe) JSON for <c>vrrp check-config --json</c>; the property names are those of appsettings.json.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VrrpOptions))]
internal sealed partial class VrrpOptionsJsonContext : JsonSerializerContext
{
}
