namespace Vrrp.Cli.Keepalived;

/// <summary>Whether a keepalived option takes a value, as in keepalived's getopt_long table.</summary>
internal enum KeepalivedOptionArgument
{
    /// <summary>No value (<c>-n</c>, <c>--dont-fork</c>).</summary>
    None,

    /// <summary>A value: <c>-fFILE</c>, <c>-f FILE</c>, <c>--use-file=FILE</c> or <c>--use-file FILE</c>.</summary>
    Required,

    /// <summary>A value only when attached: <c>-tLOG</c> or <c>--config-test=LOG</c>; <c>-t LOG</c> leaves LOG an operand.</summary>
    Optional,
}
