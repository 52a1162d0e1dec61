namespace Vrrp.Config.Diagnostics;

/// <summary>
/// The stable codes of <see cref="ConfigDiagnostic"/>: VC1xxx syntax, VC2xxx files and preprocessing,
/// VC3xxx keywords and values, VC4xxx option validation, VC5xxx checks against the host (interfaces, scripts, users),
/// VC6xxx checks of several nodes' files together (<c>vrrp check-config -f A -f B</c>).
/// </summary>
public static class ConfigDiagnosticCodes
{
    /// <summary>A double-quoted string is not closed on its line.</summary>
    public const string UnterminatedQuote = "VC1001";

    /// <summary>A <c>{</c> that does not follow a statement.</summary>
    public const string UnexpectedOpenBrace = "VC1002";

    /// <summary>A <c>}</c> with no open block.</summary>
    public const string ExtraCloseBrace = "VC1003";

    /// <summary>A block is still open at the end of the configuration.</summary>
    public const string MissingCloseBrace = "VC1004";

    /// <summary>Blocks are nested deeper than the parser allows.</summary>
    public const string NestingTooDeep = "VC1005";

    /// <summary>The file holds NUL bytes or text that is not UTF-8: probably not a configuration file.</summary>
    public const string BinaryContent = "VC1006";

    /// <summary>So many problems were found that the rest are not listed.</summary>
    public const string TooManyDiagnostics = "VC1007";

    /// <summary>The configuration file does not exist.</summary>
    public const string FileNotFound = "VC2001";

    /// <summary>The configuration file exists but cannot be read.</summary>
    public const string FileUnreadable = "VC2002";

    /// <summary>A file is larger than the reader accepts.</summary>
    public const string FileTooLarge = "VC2003";

    /// <summary>An <c>include</c> matched no file (keepalived only notes this).</summary>
    public const string IncludeNotFound = "VC2004";

    /// <summary>An <c>include</c> includes a file that is already being read.</summary>
    public const string IncludeCycle = "VC2005";

    /// <summary>Includes are nested deeper than the reader allows.</summary>
    public const string IncludeTooDeep = "VC2006";

    /// <summary>A <c>~SEQ(...)</c> line is malformed.</summary>
    public const string InvalidSequence = "VC2007";

    /// <summary>Expanding <c>$NAME</c> definitions or <c>~SEQ</c> produced too much text.</summary>
    public const string ExpansionTooLarge = "VC2008";

    /// <summary>A preprocessor feature keepalived has that this reader does not (for example <c>~LST</c>).</summary>
    public const string UnsupportedDirective = "VC2009";

    /// <summary>A keyword neither keepalived nor Vrrp knows.</summary>
    public const string UnknownKeyword = "VC3001";

    /// <summary>A keyword keepalived knows that the Vrrp engine does not implement yet: it is read and ignored.</summary>
    public const string NotImplemented = "VC3002";

    /// <summary>A value that is not a number, an address, a boolean or one of the allowed words, or is out of range.</summary>
    public const string InvalidValue = "VC3003";

    /// <summary>A keyword that needs a value has none.</summary>
    public const string MissingArgument = "VC3004";

    /// <summary>A keyword has more values than it reads: the rest are ignored.</summary>
    public const string ExtraArgument = "VC3005";

    /// <summary>A keyword that needs a <c>{ }</c> block has none.</summary>
    public const string MissingBlock = "VC3006";

    /// <summary>A keyword that takes no block is followed by one.</summary>
    public const string UnexpectedBlock = "VC3007";

    /// <summary>A name (instance, script, sync group) is defined twice.</summary>
    public const string DuplicateName = "VC3008";

    /// <summary>A value was shortened (for example <c>auth_pass</c> to 8 characters).</summary>
    public const string Truncated = "VC3009";

    /// <summary>A required option is missing.</summary>
    public const string Required = "VC4001";

    /// <summary>An option is out of its allowed range.</summary>
    public const string OutOfRange = "VC4002";

    /// <summary>Two options contradict each other (for example <c>nopreempt</c> with priority 255).</summary>
    public const string Conflict = "VC4003";

    /// <summary>Two instances use the same VRID and address family on the same interface.</summary>
    public const string DuplicateVirtualRouterId = "VC4004";

    /// <summary>An address of the wrong family for its instance.</summary>
    public const string AddressFamilyMismatch = "VC4005";

    /// <summary>A reference to a script, an instance or an interface that is not defined.</summary>
    public const string UnknownReference = "VC4006";

    /// <summary>An address that cannot be parsed.</summary>
    public const string InvalidAddress = "VC4007";

    /// <summary>An instance without any virtual IP address.</summary>
    public const string NoVirtualAddress = "VC4008";

    /// <summary>A sync group with fewer than two instances.</summary>
    public const string SyncGroupTooSmall = "VC4009";

    /// <summary>A virtual address or unicast peer listed twice in one instance (an error since keepalived 2.3).</summary>
    public const string DuplicateAddress = "VC4010";

    /// <summary>A keyword that is read but whose effect Vrrp does not enforce (<c>no_accept</c>).</summary>
    public const string NotEnforced = "VC4011";

    /// <summary>Options the engine cannot run, found when they are mapped to instance settings (or reported as text by the platform).</summary>
    public const string CannotRun = "VC4012";

    /// <summary>An interface that does not exist on this host.</summary>
    public const string InterfaceNotFound = "VC5001";

    /// <summary>A script whose program cannot be found.</summary>
    public const string ScriptNotFound = "VC5002";

    /// <summary>A script whose program is not executable.</summary>
    public const string ScriptNotExecutable = "VC5003";

    /// <summary>A script that users other than root could modify, with <c>enable_script_security</c> on.</summary>
    public const string ScriptInsecure = "VC5004";

    /// <summary>Scripts are configured but <c>enable_script_security</c> is off.</summary>
    public const string ScriptSecurityDisabled = "VC5005";

    /// <summary>A script user that does not exist.</summary>
    public const string UserNotFound = "VC5006";

    /// <summary>An instance of the same name has different virtual_router_ids on two nodes.</summary>
    public const string ClusterVirtualRouterIdMismatch = "VC6001";

    /// <summary>Two nodes of one virtual router speak different VRRP versions.</summary>
    public const string ClusterVersionMismatch = "VC6002";

    /// <summary>Two nodes of one virtual router advertise at different intervals.</summary>
    public const string ClusterIntervalMismatch = "VC6003";

    /// <summary>Two nodes of one virtual router authenticate differently (type or password).</summary>
    public const string ClusterAuthenticationMismatch = "VC6004";

    /// <summary>Two nodes of one virtual router list different virtual addresses.</summary>
    public const string ClusterVirtualAddressMismatch = "VC6005";

    /// <summary>Two nodes of one virtual router have the same priority: the higher primary address decides.</summary>
    public const string ClusterEqualPriority = "VC6006";

    /// <summary>A tracked check or script whose failure can never bring the master below a backup.</summary>
    public const string ClusterTrackingNeverFailsOver = "VC6007";

    /// <summary>Unicast peer lists that do not point at each other, or unicast on one node and multicast on another.</summary>
    public const string ClusterUnicastMismatch = "VC6008";

    /// <summary>One virtual address claimed by two virtual routers.</summary>
    public const string ClusterVirtualAddressClaimedTwice = "VC6009";

    /// <summary>An instance that no other node's file has: it has no backup (or no master).</summary>
    public const string ClusterNoPeer = "VC6010";
}
