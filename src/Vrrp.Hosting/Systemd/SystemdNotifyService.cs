using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Vrrp.Hosting.Control;
using Vrrp.Instances;
using Vrrp.StateMachine;

namespace Vrrp.Hosting.Systemd;

/// <summary>
/// Tells systemd (<c>Type=notify</c>) what the VRRP host does, through <see cref="ISystemdNotifier"/> whenever
/// <c>NOTIFY_SOCKET</c> is set (as libsystemd's sd_notify does, whoever the parent is): <c>READY=1</c> once every
/// instance has started, <c>RELOADING=1</c> + <c>MONOTONIC_USEC</c> and <c>READY=1</c> around a reload,
/// <c>STOPPING=1</c> on stop, <c>WATCHDOG=1</c> while every input loop answers, and a one-line <c>STATUS=</c>.
/// Messages go out in order from one sender task, so nothing is sent from an instance's input loop.
/// </summary>
internal sealed class SystemdNotifyService : IHostedService, IDisposable
{
    private readonly ISystemdNotifier _notifier;
    private readonly SystemdNotifyEnvironment _environment;
    private readonly VrrpInstanceRegistry _registry;
    private readonly VrrpHostController _controller;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<CancellationTokenRegistration> _registrations = [];
    private Task _sender = Task.CompletedTask;
    private Task _watchdog = Task.CompletedTask;
    private int _hostStarted;
    private int _ready;
    private int _stoppingSent;
    private int _statusQueued;
    private string? _lastStatus;
    private bool _failing;

    public SystemdNotifyService(ISystemdNotifier notifier, SystemdNotifyEnvironment environment, VrrpInstanceRegistry registry, VrrpHostController controller, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        _notifier = notifier;
        _environment = environment;
        _registry = registry;
        _controller = controller;
        _lifetime = lifetime;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger("Vrrp");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_notifier.IsEnabled)
        {
            return Task.CompletedTask;
        }

        _sender = SendAllAsync();
        _registry.StateChanged += OnStateChanged;
        _controller.Reloading += OnReloading;
        _controller.Reloaded += OnReloaded;

        // Once every hosted service has started, the registry knows every configured instance.
        _registrations.Add(_lifetime.ApplicationStarted.Register(() =>
        {
            Volatile.Write(ref _hostStarted, 1);
            SendReadyOnceStarted();
        }));
        _registrations.Add(_lifetime.ApplicationStopping.Register(SendStopping));
        if (_environment.WatchdogInterval is { } interval)
        {
            var watchdog = new SystemdWatchdog(_registry, interval, _timeProvider, () => Post(new Outgoing("WATCHDOG=1", WithStatus: false)), _logger);
            _watchdog = watchdog.RunAsync(_stopping.Token);
        }

        _logger.SystemdNotifyOn(_environment.WatchdogInterval is { } every ? $"every {every.TotalMilliseconds:0} ms" : "off");
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }

        SendStopping();
        _registry.StateChanged -= OnStateChanged;
        _controller.Reloading -= OnReloading;
        _controller.Reloaded -= OnReloaded;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watchdog.ConfigureAwait(false);
        _outbox.Writer.TryComplete();
        await _sender.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (CancellationTokenRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
    }

    /// <summary>Reads CLOCK_MONOTONIC in microseconds, the clock systemd compares <c>MONOTONIC_USEC</c> with.</summary>
    internal static long MonotonicMicroseconds() =>
        // Stopwatch is CLOCK_MONOTONIC on Linux; the host's TimeProvider may be a fake clock, which systemd would reject.
        Stopwatch.GetElapsedTime(0, Stopwatch.GetTimestamp()).Ticks / TimeSpan.TicksPerMicrosecond;

    private void OnStateChanged(object? sender, VrrpStateChange change)
    {
        // On the instance's input loop: only queue work. Changes in a burst share one STATUS= update.
        if (Interlocked.Exchange(ref _statusQueued, 1) == 0)
        {
            Post(new Outgoing(null, WithStatus: true));
        }

        SendReadyOnceStarted();
    }

    private void SendReadyOnceStarted()
    {
        if (Volatile.Read(ref _hostStarted) == 0 || Volatile.Read(ref _ready) != 0)
        {
            return;
        }

        foreach (string name in _registry.Names)
        {
            // Created (the platform may first wait for the interface) and past Initialize: its first state change happened.
            if (_registry.Find(name) is not { } instance || instance.State == VrrpState.Initialize)
            {
                return;
            }
        }

        if (Interlocked.Exchange(ref _ready, 1) == 0)
        {
            Post(new Outgoing("READY=1", WithStatus: true));
        }
    }

    private void OnReloading(object? sender, EventArgs e) =>
        Post(new Outgoing(string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds()}"), WithStatus: false));

    private void OnReloaded(object? sender, VrrpReloadResult result)
    {
        // Applied or refused, the daemon runs on: READY=1 ends systemd's reloading state; STATUS= says how it went.
        Volatile.Write(ref _ready, 1);
        Post(new Outgoing("READY=1", WithStatus: true));
    }

    private void SendStopping()
    {
        if (Interlocked.Exchange(ref _stoppingSent, 1) == 0)
        {
            Post(new Outgoing("STOPPING=1", WithStatus: false));
        }
    }

    private void Post(Outgoing message) => _outbox.Writer.TryWrite(message);

    private async Task SendAllAsync()
    {
        await foreach (Outgoing message in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (message.Text is null)
            {
                Volatile.Write(ref _statusQueued, 0);
                string status = FormatStatus();
                if (status != _lastStatus)
                {
                    _lastStatus = status;
                    Send("STATUS=" + status);
                }
            }
            else if (message.WithStatus)
            {
                _lastStatus = FormatStatus();
                Send(message.Text + "\nSTATUS=" + _lastStatus);
            }
            else
            {
                Send(message.Text);
            }
        }
    }

    private string FormatStatus()
    {
        IReadOnlyList<string> names = _registry.Names;
        var states = new VrrpState?[names.Count];
        var maintenance = new bool[names.Count];
        for (int i = 0; i < states.Length; i++)
        {
            VrrpInstance? instance = _registry.Find(names[i]);
            states[i] = instance?.State;
            maintenance[i] = instance?.IsInMaintenance ?? false;
        }

        return SystemdStatusLine.Format(states, _controller.LastReload, maintenance);
    }

    private void Send(string message)
    {
        try
        {
            _notifier.Notify(new ServiceState(message));
            _failing = false;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // systemd gone (or a stale NOTIFY_SOCKET): VRRP carries on; say so once per run of failures.
            if (!_failing)
            {
                _failing = true;
                _logger.SystemdNotifyFailed(message.ReplaceLineEndings(" "), ex.Message);
            }
        }
    }

    private readonly record struct Outgoing(string? Text, bool WithStatus);
}
