using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vrrp.Consumer;
using Vrrp.Hosting;

// A fresh application that references the packed Vrrp packages (packaging/test-consumer.sh copies these files into
// it): the failover a user of Vrrp.Testing and Vrrp.Hosting would write, checked; exit 1 when any check failed.
var checks = new Checks();

SimulatedLanFailover.Run(checks);
await HostedFailover.RunAsync(checks);

// The README's example builds against the packages (it only runs as root, so it is built, not started).
if (OperatingSystem.IsLinux())
{
    using IHost host = ReadmeExample.Build(args);
    checks.That(host.Services.GetService<VrrpInstanceRegistry>() is not null, "README example: AddVrrp() with LinuxVrrpPlatform builds a host");
}

Console.WriteLine(checks.Failures == 0 ? "consumer: all checks passed" : $"consumer: {checks.Failures} check(s) FAILED");
return checks.Failures == 0 ? 0 : 1;
