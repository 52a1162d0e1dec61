using System.Runtime.InteropServices;

namespace Vrrp.Linux;

internal static unsafe partial class Interop
{
    // Classic BPF (linux/filter.h): the opcodes a socket filter here uses.
    internal const ushort BPF_LD_W_ABS = 0x20;
    internal const ushort BPF_LD_H_ABS = 0x28;
    internal const ushort BPF_JMP_JEQ_K = 0x15;
    internal const ushort BPF_RET_K = 0x06;

    /// <summary>struct sock_filter (8 bytes): one classic BPF instruction.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SocketFilterInstruction
    {
        public ushort Code;
        public byte JumpTrue;
        public byte JumpFalse;
        public uint Constant;

        public SocketFilterInstruction(ushort code, byte jumpTrue, byte jumpFalse, uint constant)
        {
            Code = code;
            JumpTrue = jumpTrue;
            JumpFalse = jumpFalse;
            Constant = constant;
        }
    }

    /// <summary>struct sock_fprog: the program's length and its instructions.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SocketFilterProgram
    {
        public ushort Length;
        public SocketFilterInstruction* Instructions;
    }
}
