using System;
using System.IO;
using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vrrp.Cli.Commands;
using Vrrp.Cli.Status;
using Vrrp.Hosting;
using Vrrp.Hosting.Configuration;
using Vrrp.Linux;

namespace Vrrp.Cli.Hosting;

/// <summary>
/// <c>vrrp run -f keepalived.conf [--config-id ID]</c>: the drop-in for keepalived's VRRP daemon. Runs every instance
/// of the file in the foreground through Vrrp.Hosting on the generic host, logs one line per state change with its
/// reason, and on SIGTERM or SIGINT stops every instance cleanly (priority 0, addresses released, notify_stop run)
/// and exits 0. A file with errors prints its diagnostics and exits before any socket or address is touched.
/// </summary>
internal static class ConfigRunCommand
{
    public static int Run(string path, string? configId, TextWriter error, string? statusFile = null, Action<VrrpHostingOptions>? configure = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            error.WriteLine("vrrp run: only Linux is supported.");
            return ExitCodes.Usage;
        }

        if (!File.Exists(path))
        {
            error.WriteLine($"vrrp run: {path}: no such file.");
            return ExitCodes.BadInput;
        }

        return RunLinux(path, configId, error, statusFile, configure);
    }

    [SupportedOSPlatform("linux")]
    private static int RunLinux(string path, string? configId, TextWriter error, string? statusFile, Action<VrrpHostingOptions>? configure)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });

        // Our own messages say what failed; the host's "Hosting failed to start" would repeat them with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Services.AddVrrp(configure)
            .AddKeepalivedConfig(path, reader => reader.ConfigId = configId)
            // Instances get the dedicated timer thread (the platform default); health-check pollers and the status
            // writer stay on the system timer, so a slow check can never delay an advert.
            .UsePlatform(new LinuxVrrpPlatform());

        using IHost host = builder.Build();
        VrrpInstanceRegistry registry = host.Services.GetRequiredService<VrrpInstanceRegistry>();

        // Started once every instance is configured, so a file with errors leaves no status file behind.
        using StatusFileWriter? status = statusFile is null ? null
            : StatusFileWriter.ForRegistry(registry, statusFile, TimeProvider.System, StatusFileWriter.DefaultRefreshInterval, error);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => status?.Start());
        try
        {
            // SIGTERM and SIGINT stop the host (ConsoleLifetime); the hosted service then stops every instance cleanly.
            host.Run();
        }
        catch (VrrpConfigurationException ex)
        {
            foreach (string problem in ex.Errors)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"{path}: {ex.Errors.Count} error(s); nothing was started.");
            return ExitCodes.BadInput;
        }

        Exception? failure = registry.Failure;
        if (failure is not null)
        {
            error.WriteLine($"vrrp run: {failure.Message}");
            return failure is MissingCapabilityException ? RunCommand.MissingCapability : RunCommand.NetworkFailure;
        }

        return ExitCodes.Success;
    }
}
