namespace Vrrp.Cli.Control;

/// <summary>Where the control socket listens, who may use it, and the limits that keep a bad client from hurting the daemon.</summary>
internal sealed record ControlSocketOptions
{
    /// <summary>The default socket path.</summary>
    public const string DefaultPath = "/run/vrrp/vrrp.sock";

    /// <summary>The <c>--control-socket</c> value that disables the socket.</summary>
    public const string Disabled = "none";

    public required string Path { get; init; }

    /// <summary>Gets the gid of the group that may connect too (socket mode 0660), or null (mode 0600).</summary>
    public uint? GroupId { get; init; }

    /// <summary>Gets the longest request line accepted; a longer one gets an error and the connection is closed.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>Gets how many clients may be connected at once; one more gets an error and is closed.</summary>
    public int MaxClients { get; init; } = 16;

    /// <summary>Gets how long a client may stay silent between requests (a watch does not count) before it is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how long a reply may take to write (a client that does not read) before the client is closed.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how many bad request lines in a row a client may send before it is closed.</summary>
    public int MaxConsecutiveErrors { get; init; } = 8;

    /// <summary>Gets how often <c>watch</c> looks for new drops.</summary>
    public TimeSpan DropsInterval { get; init; } = TimeSpan.FromSeconds(1);
}
