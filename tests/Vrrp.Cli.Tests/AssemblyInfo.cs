using System.Runtime.Versioning;

// The vrrp daemon, its namespace LANs and its notify scripts are Linux only.
[assembly: SupportedOSPlatform("linux")]
