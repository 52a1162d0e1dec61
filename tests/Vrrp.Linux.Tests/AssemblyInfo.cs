using System.Runtime.Versioning;

// The library under test is Linux only; so are these tests (they build network namespaces).
[assembly: SupportedOSPlatform("linux")]
