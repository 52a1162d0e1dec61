using System.Text;
using Vrrp.Instances;
using Vrrp.Packets;
using Vrrp.StateMachine;

namespace Vrrp.Diagnostics;

/// <summary>The tag values of <see cref="VrrpMetrics"/>, built once so that collection does not format enum names.</summary>
internal static class MetricTagValues
{
    private static readonly string[] s_states = Build<VrrpState>(string.Empty);
    private static readonly string[] s_dropReasons = Build<VrrpDropReason>(string.Empty);
    private static readonly string[] s_packetErrors = Build<VrrpPacketError>("packet_");

    /// <summary>Gets a state as a tag value: <c>initialize</c>, <c>backup</c>, <c>master</c>, <c>fault</c>, <c>stopped</c>.</summary>
    public static string State(VrrpState state) => s_states[(int)state];

    /// <summary>Gets a drop reason as a tag value, e.g. <c>address_list_mismatch</c>.</summary>
    public static string DropReason(VrrpDropReason reason) => s_dropReasons[(int)reason];

    /// <summary>Gets a wire error as a drop reason tag value, prefixed <c>packet_</c> (e.g. <c>packet_bad_checksum</c>).</summary>
    public static string PacketError(VrrpPacketError error) => s_packetErrors[(int)error];

    /// <summary>Converts <c>AddressListMismatch</c> to <c>address_list_mismatch</c>.</summary>
    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static string[] Build<TEnum>(string prefix)
        where TEnum : struct, Enum
    {
        TEnum[] values = Enum.GetValues<TEnum>();
        var names = new string[values.Length];
        foreach (TEnum value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = prefix + SnakeCase(value.ToString());
        }

        return names;
    }
}
