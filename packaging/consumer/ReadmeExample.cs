using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vrrp.Config.Options;
using Vrrp.Linux;

namespace Vrrp.Consumer;

/// <summary>
/// The README's "embedded in a service" example, kept here so that CI compiles it against the packages: the same
/// lines, with <c>return builder.Build()</c> where the README runs the host (running it needs root and eth0).
/// Vrrp.Linux is Linux-only: a caller marks itself <c>[SupportedOSPlatform("linux")]</c> (an application: the assembly,
/// as the README says) or checks <see cref="OperatingSystem.IsLinux"/>, or CA1416 warns.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ReadmeExample
{
    public static IHost Build(string[] args)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddVrrp()
            .Configure(vrrp => vrrp.Instances["VI_1"] = new VrrpInstanceOptions
            {
                Interface = "eth0",
                VirtualRouterId = 51,
                Priority = 150,                                           // the other node: 100
                VirtualIpAddresses = { new() { Address = "192.0.2.10/24" } },
            })
            .UsePlatform(new LinuxVrrpPlatform());
        return builder.Build();
    }
}
