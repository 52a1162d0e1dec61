namespace Vrrp.Config;

/// <summary>Settings for <see cref="KeepalivedConfigReader"/>.</summary>
public sealed class KeepalivedConfigReaderOptions
{
    /// <summary>The default largest file the reader accepts: 32 MiB.</summary>
    public const long DefaultMaxFileSize = 32L * 1024 * 1024;

    /// <summary>Gets or sets the config id that <c>@id</c> / <c>@^id</c> lines are matched against, and the value of <c>${_INSTANCE}</c>.</summary>
    /// <value>The default is <see langword="null"/>: the short host name, as keepalived's <c>-i</c> defaults to the node name.</value>
    public string? ConfigId { get; set; }

    /// <summary>Gets or sets how <c>${_ENV NAME}</c> looks up an environment variable.</summary>
    /// <value>The default is <see langword="null"/>: the process environment.</value>
    public Func<string, string?>? GetEnvironmentVariable { get; set; }

    /// <summary>Gets or sets the checks against the host (interfaces, script programs, users), or <see langword="null"/> to skip them.</summary>
    /// <value>The default is <see langword="null"/>: the configuration is checked on its own, as on another machine.</value>
    public KeepalivedHostEnvironment? Host { get; set; }

    /// <summary>Gets or sets the largest file, in bytes, the reader accepts; larger files are reported and not read.</summary>
    /// <value>The default is <see cref="DefaultMaxFileSize"/> (32 MiB).</value>
    public long MaxFileSize { get; set; } = DefaultMaxFileSize;

    /// <summary>Gets or sets how deeply <c>include</c> may nest.</summary>
    /// <value>The default is 32.</value>
    public int MaxIncludeDepth { get; set; } = 32;

    /// <summary>Gets or sets the most lines that <c>~SEQ</c> and multi-line definitions may generate in total.</summary>
    /// <value>The default is 2,000,000 lines.</value>
    public int MaxGeneratedLines { get; set; } = 2_000_000;

    internal string EffectiveConfigId => ConfigId ?? ShortHostName();

    internal string? LookupEnvironment(string name) =>
        GetEnvironmentVariable is { } lookup ? lookup(name) : Environment.GetEnvironmentVariable(name);

    private static string ShortHostName()
    {
        string name = Environment.MachineName;
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }
}
