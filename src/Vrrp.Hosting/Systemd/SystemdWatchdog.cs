using Microsoft.Extensions.Logging;
using Vrrp.Instances;

namespace Vrrp.Hosting.Systemd;

/// <summary>
/// Feeds systemd's watchdog from the instances' input loops: every interval it asks each running instance's loop to
/// answer a probe (<see cref="VrrpInstance.ProbeLoopAsync"/>) and pings only when every loop answered, so a hung loop
/// stops the pings and systemd restarts the daemon (<c>Restart=on-failure</c>) after <c>WatchdogSec</c>.
/// </summary>
internal sealed class SystemdWatchdog
{
    private readonly VrrpInstanceRegistry _registry;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly Action _ping;
    private readonly ILogger _logger;

    // A probe a hung loop has not taken stays here and is asked about again, rather than queueing one more each tick.
    private readonly Dictionary<VrrpInstance, Task<bool>> _probes = [];
    private string? _withheldFor;

    public SystemdWatchdog(VrrpInstanceRegistry registry, TimeSpan interval, TimeProvider timeProvider, Action ping, ILogger logger)
    {
        _registry = registry;
        _interval = interval;
        _timeProvider = timeProvider;
        _ping = ping;
        _logger = logger;
    }

    /// <summary>Pings every interval while all loops answer, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                string? silent = await FindSilentLoopAsync(cancellationToken).ConfigureAwait(false);
                if (silent is null)
                {
                    if (_withheldFor is not null)
                    {
                        _withheldFor = null;
                        _logger.SystemdWatchdogResumed();
                    }

                    _ping();
                }
                else if (_withheldFor != silent)
                {
                    _withheldFor = silent;
                    _logger.SystemdWatchdogWithheld(silent);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Probes every created instance; returns the name of one whose loop did not answer in half an interval, or null.</summary>
    internal async Task<string?> FindSilentLoopAsync(CancellationToken cancellationToken)
    {
        var asked = new List<(string Name, Task<bool> Probe)>();
        var seen = new HashSet<VrrpInstance>();
        foreach (string name in _registry.Names)
        {
            // Not created yet (waiting for its interface) or removed by a reload: there is no loop to hang.
            if (_registry.Find(name) is not { } instance)
            {
                continue;
            }

            seen.Add(instance);
            if (!_probes.TryGetValue(instance, out Task<bool>? probe) || probe.IsCompleted)
            {
                probe = Probe(instance, cancellationToken);
                _probes[instance] = probe;
            }

            asked.Add((name, probe));
        }

        foreach (VrrpInstance gone in _probes.Keys.Where(i => !seen.Contains(i)).ToList())
        {
            _probes.Remove(gone);
        }

        Task all = Task.WhenAll(asked.Select(a => a.Probe));
        await all.WaitAsync(_interval / 2, _timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();

        // True or false both prove the loop is not hung (false: it has stopped); a fault or no answer does not.
        return asked.Find(a => !a.Probe.IsCompletedSuccessfully).Name;
    }

    private static Task<bool> Probe(VrrpInstance instance, CancellationToken cancellationToken)
    {
        try
        {
            return instance.ProbeLoopAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<bool>(ex);
        }
    }
}
