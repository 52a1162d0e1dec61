using System.Runtime.Versioning;

// The sample binds VIPs through Vrrp.Linux.
[assembly: SupportedOSPlatform("linux")]
