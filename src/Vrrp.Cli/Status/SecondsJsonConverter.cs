using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vrrp.Cli.Status;

/// <summary>Writes a duration of the status file as a number of seconds, as scripts read it.</summary>
internal sealed class SecondsJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TimeSpan.FromSeconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue(value.TotalSeconds);
}
