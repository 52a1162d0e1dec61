namespace Vrrp.Cli.Captures;

/// <summary>The pcapng block types the reader knows (pcapng draft, §4 and appendix).</summary>
internal enum PcapngBlockType : uint
{
    InterfaceDescription = 1,
    ObsoletePacket = 2,
    SimplePacket = 3,
    EnhancedPacket = 6,

    /// <summary>Starts every section; a palindrome, so it reads the same in either byte order.</summary>
    SectionHeader = 0x0A0D0D0A,
}
