using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vrrp.Cli.Status;

/// <summary>Writes an address of the status file as its text form.</summary>
internal sealed class IPAddressJsonConverter : JsonConverter<IPAddress>
{
    public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IPAddressParser.TryParse(reader.GetString(), out IPAddress address) ? address : throw new JsonException("not an IP address");

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
