using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vrrp.Cli.Control;
using Vrrp.Cli.Dumps;
using Vrrp.Cli.Status;
using Vrrp.Config.Diagnostics;
using Vrrp.Config.Options;
using Vrrp.Config.Validation;
using Vrrp.Etcd.Hosting;
using Vrrp.Hosting;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Control;
using Vrrp.Linux;

namespace Vrrp.Cli.Hosting;

/// <summary>
/// Both forms of <c>vrrp run</c> on one road: <c>vrrp run -f keepalived.conf [--config-id ID]</c> (the drop-in for
/// keepalived's VRRP daemon) and <c>vrrp run --interface IF --vrid N ...</c> (one instance from flags) both run
/// Vrrp.Hosting on the generic host with the Linux platform: the same validator, the same log lines (one per state
/// change with its reason), the same status file, and on SIGTERM or SIGINT every instance stops cleanly (priority 0,
/// addresses released, notify_stop run) and the process exits 0; SIGHUP reloads the configuration. Options with errors
/// print their diagnostics and exit before any socket or address is touched.
/// </summary>
internal static class HostedRunCommand
{
    /// <summary>Runs every instance of a keepalived.conf (<c>-f</c>); errors in it exit <see cref="ExitCodes.BadInput"/>.</summary>
    public static int Run(string path, string? configId, TextWriter error, string? statusFile = null, Action<VrrpHostingOptions>? configure = null, LogLevel logLevel = LogLevel.Information, DaemonControlOptions? control = null, VrrpEtcdOptions? etcd = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return NotLinux(error);
        }

        if (!File.Exists(path))
        {
            error.WriteLine($"vrrp run: {path}: no such file.");
            return ExitCodes.BadInput;
        }

        return RunLinux(vrrp => vrrp.AddKeepalivedConfig(path, reader => reader.ConfigId = configId), error, statusFile, configure, logLevel, control, etcd, problems =>
        {
            foreach (string problem in problems)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"{path}: {problems.Count} error(s); nothing was started.");
            return ExitCodes.BadInput;
        });
    }

    /// <summary>
    /// Runs options made in code: the one instance of <c>vrrp run</c>'s flags. Invalid values exit
    /// <see cref="ExitCodes.Usage"/>, each error positioned at the flag <paramref name="flagOf"/> names for its option path.
    /// </summary>
    public static int Run(Action<VrrpOptions> configureOptions, Func<string?, string?> flagOf, TextWriter error, string? statusFile = null, Action<VrrpHostingOptions>? configure = null, LogLevel logLevel = LogLevel.Information, DaemonControlOptions? control = null, VrrpEtcdOptions? etcd = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return NotLinux(error);
        }

        // The host checks the same options again at start; checked here first so that each error names its flag.
        var options = new VrrpOptions();
        configureOptions(options);
        var invalid = new List<string>();
        foreach (ConfigDiagnostic problem in VrrpOptionsValidator.GetProblems(options))
        {
            if (problem.Severity == ConfigDiagnosticSeverity.Error)
            {
                invalid.Add((problem with { OptionPath = flagOf(problem.OptionPath) ?? problem.OptionPath }).ToString());
            }
        }

        if (invalid.Count > 0)
        {
            return Usage(invalid);
        }

        return RunLinux(vrrp => vrrp.Configure(configureOptions), error, statusFile, configure, logLevel, control, etcd, Usage);

        int Usage(IReadOnlyList<string> problems)
        {
            foreach (string problem in problems)
            {
                error.WriteLine($"vrrp run: {problem}");
            }

            return ExitCodes.Usage;
        }
    }

    [SupportedOSPlatform("linux")]
    private static ControlSocketServer? StartControlSocket(ControlSocketOptions? options, VrrpInstanceRegistry registry, VrrpHostController controller, TextWriter error) =>
        options is null ? null
            : ControlSocketServer.Start(options, new HostControlTarget(registry, controller, TimeProvider.System), ControlAuthorization.ForThisProcess(options.GroupId), error);

    private static int NotLinux(TextWriter error)
    {
        error.WriteLine("vrrp run: only Linux is supported.");
        return ExitCodes.Usage;
    }

    [SupportedOSPlatform("linux")]
    private static int RunLinux(Action<IVrrpBuilder> source, TextWriter error, string? statusFile, Action<VrrpHostingOptions>? configure, LogLevel logLevel, DaemonControlOptions? control, VrrpEtcdOptions? etcd, Func<IReadOnlyList<string>, int> invalid)
    {
        // No reloadOnChange for appsettings.json: it made the host watch the working directory and everything below
        // it (an inotify watch per directory, 237 from a source tree; from "/" the whole file system), and wake a
        // thread for every file written there, the status file included (docs/scale.md).
        var settings = new HostApplicationBuilderSettings { Args = [], Configuration = new ConfigurationManager() };
        settings.Configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });

        // Our own messages say what failed; the host's "Hosting failed to start" would repeat them with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        // SIGTERM, SIGINT and SIGQUIT stop the instances first, then the host (in place of ConsoleLifetime).
        builder.Services.AddSingleton<IHostLifetime, StopSignalLifetime>();
        IVrrpBuilder vrrp = builder.Services.AddVrrp(configure);
        source(vrrp);

        // Instances get the dedicated timer thread (the platform default); health-check pollers and the status
        // writer stay on the system timer, so a slow check can never delay an advert.
        vrrp.UsePlatform(new LinuxVrrpPlatform());
        if (etcd is not null)
        {
            // --etcd / "Vrrp:Etcd": etcd elects the master; the Linux platform still watches tracked interfaces.
            EtcdRun.Use(vrrp, etcd);
        }

        // Type=notify units (packaging/systemd/vrrp.service): READY, RELOADING, STOPPING, WATCHDOG and STATUS when NOTIFY_SOCKET is set.
        vrrp.UseSystemdNotify();

        using IHost host = builder.Build();
        VrrpInstanceRegistry registry = host.Services.GetRequiredService<VrrpInstanceRegistry>();
        VrrpHostController controller = host.Services.GetRequiredService<VrrpHostController>();

        // SIGHUP (systemctl reload) reloads, as keepalived does; by default it would kill the daemon with its VIPs still
        // bound. The controller logs the outcome and never throws; SIGHUPs during a reload make one more. Started under
        // nohup (SIGHUP ignored), .NET would install no handler and every reload would be lost: take the signal back first.
        LinuxSignalDisposition.HandleEvenIfIgnored(LinuxSignalDisposition.Hangup);
        using PosixSignalRegistration reload = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = controller.ReloadAsync();
        });

        // Started once every instance is configured, so options with errors leave no status file behind.
        using StatusFileWriter? status = statusFile is null ? null
            : StatusFileWriter.ForRegistry(registry, statusFile, TimeProvider.System, StatusFileWriter.DefaultRefreshInterval, error, controller);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => status?.Start());

        // The control socket and the dump signals come up before any instance, so a second daemon on the same socket
        // is refused before it touches an address; both go away when the host has stopped.
        ControlSocketServer? controlSocket;
        try
        {
            controlSocket = StartControlSocket(control?.Socket, registry, controller, error);
        }
        catch (ControlSocketException ex)
        {
            error.WriteLine($"vrrp run: {ex.Message}");
            return ExitCodes.Usage;
        }

        using KeepalivedDumpSignals? dumps = control?.DumpDirectory is { } dumpDirectory ? KeepalivedDumpSignals.Register(dumpDirectory, registry, error) : null;
        try
        {
            // SIGTERM, SIGINT and SIGQUIT stop the host (StopSignalLifetime); every instance stops cleanly.
            host.Run();
        }
        catch (VrrpConfigurationException ex)
        {
            return invalid(ex.Errors);
        }
        finally
        {
            controlSocket?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Exception? failure = registry.Failure;
        if (failure is not null)
        {
            error.WriteLine($"vrrp run: {failure.Message}");
            return failure is MissingCapabilityException ? ExitCodes.MissingCapability : ExitCodes.NetworkFailure;
        }

        return ExitCodes.Success;
    }
}
