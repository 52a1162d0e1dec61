using System.Buffers.Binary;

namespace Vrrp.Linux.Netlink;

/// <summary>One netlink message: the header fields and the payload after the 16-byte header.</summary>
internal readonly ref struct NetlinkMessage(ushort type, ushort flags, uint sequence, ReadOnlySpan<byte> payload)
{
    public ushort Type { get; } = type;

    public ushort Flags { get; } = flags;

    public uint Sequence { get; } = sequence;

    public ReadOnlySpan<byte> Payload { get; } = payload;

    /// <summary>Gets the attributes that follow a fixed family header of <paramref name="fixedHeaderLength"/> bytes.</summary>
    public RouteAttributeReader GetAttributes(int fixedHeaderLength) =>
        new(Payload.Length >= fixedHeaderLength ? Payload[NetlinkMessageWriter.Align(fixedHeaderLength)..] : default);

    /// <summary>
    /// For an NLMSG_ERROR message: the positive errno (0 for an acknowledgement) and the extended-ack text.
    /// </summary>
    public int GetError(out ReadOnlySpan<byte> kernelMessage)
    {
        kernelMessage = default;
        if (Payload.Length < 4)
        {
            return (int)Interop.Errno.EINVAL;
        }

        int error = -BinaryPrimitives.ReadInt32LittleEndian(Payload);
        if ((Flags & Interop.NLM_F_ACK_TLVS) != 0 && Payload.Length >= 20)
        {
            // The request header follows the error; with NETLINK_CAP_ACK (NLM_F_CAPPED) only the header is echoed.
            int echoed = (Flags & Interop.NLM_F_CAPPED) != 0 ? 16 : (int)BinaryPrimitives.ReadUInt32LittleEndian(Payload[4..]);
            int offset = 4 + NetlinkMessageWriter.Align(echoed);
            if (offset <= Payload.Length)
            {
                var attributes = new RouteAttributeReader(Payload[offset..]);
                while (attributes.TryRead(out ushort type, out ReadOnlySpan<byte> value))
                {
                    if (type == Interop.NLMSGERR_ATTR_MSG)
                    {
                        kernelMessage = RouteAttributeReader.TrimNul(value);
                    }
                }
            }
        }

        return error;
    }
}
