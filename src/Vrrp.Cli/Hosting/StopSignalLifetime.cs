using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Hosting;
using Vrrp.Hosting.Control;
using Vrrp.Linux;
using Vrrp.Linux.Diagnostics;

namespace Vrrp.Cli.Hosting;

/// <summary>
/// <c>vrrp run</c>'s host lifetime, in place of ConsoleLifetime: SIGTERM, SIGINT and SIGQUIT first start every
/// instance's stop on the signal's own thread (a master's priority-0 advert leaves at once), then stop the host as
/// ConsoleLifetime would (the host's shutdown waits for the instances, runs notify scripts, sends STOPPING=1, exits 0).
/// One handler per signal, in a fixed order (the instances' stop, then the host's), instead of ConsoleLifetime's beside
/// one of ours, whose order the runtime does not promise (docs/failover.md).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class StopSignalLifetime : IHostLifetime, IDisposable
{
    private static readonly PosixSignal[] s_stopSignals = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT];

    private readonly IHostApplicationLifetime _application;
    private readonly VrrpHostController _controller;
    private readonly List<PosixSignalRegistration> _registrations = [];

    public StopSignalLifetime(IHostApplicationLifetime application, VrrpHostController controller)
    {
        _application = application;
        _controller = controller;
    }

    /// <summary>Registers the stop signals; the host starts at once.</summary>
    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        // Compiled now (JIT builds): the handler and the stop chain it starts run for the first time on a SIGTERM.
        StopPathWarmup.Run();
        foreach (PosixSignal signal in s_stopSignals)
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnStopSignal));
        }

        // Every build: the runtime's first signal delivery is slow (its native signal thread attaches), so a harmless
        // signal takes it now rather than the first SIGTERM.
        LinuxSignalDisposition.WarmUpDelivery(TimeSpan.FromMilliseconds(500));
        return Task.CompletedTask;
    }

    /// <summary>Nothing to wait for: the host's own shutdown stops the instances.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
    }

    internal void OnStopSignal(PosixSignalContext context)
    {
        LinuxTakeoverEventSource.Log.StopSignal((int)context.Signal);

        // The default action would kill the process with its VIPs bound: the host ends it, with exit code 0.
        context.Cancel = true;
        _controller.StopInstancesNow();
        _application.StopApplication();
    }
}
