namespace Vrrp.Hosting;

/// <summary>Identifies the Vrrp.Hosting assembly.</summary>
public static class HostingAssemblyMarker
{
}
