using System.Runtime.Versioning;

// Scripts, notify hooks and the namespace LAN are Linux only.
[assembly: SupportedOSPlatform("linux")]
