using Vrrp.Config;

namespace Vrrp.Hosting.Configuration;

/// <summary>The keepalived.conf registered with <c>AddKeepalivedConfig</c>.</summary>
internal sealed record KeepalivedConfigSource(string Path, KeepalivedConfigReaderOptions ReaderOptions);
