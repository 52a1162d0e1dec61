using System.Runtime.Versioning;

[assembly: CLSCompliant(false)]
[assembly: SupportedOSPlatform("linux")]
