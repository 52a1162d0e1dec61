using System.Globalization;
using Microsoft.Extensions.Logging;
using Vrrp.Config;
using Vrrp.Config.Options;
using Vrrp.Hosting.Health;

namespace Vrrp.Hosting.Binding;

/// <summary>
/// An <see cref="IVipBinder"/> that moves the virtual addresses by running <see cref="VrrpVipCommandOptions"/>: take on
/// becoming master (and again when a split brain heals or the address list changes), confirm after a successful take,
/// release on leaving master and at stop. The instance's calls only queue the command, so the instance's loop never
/// waits for a cloud API; one worker per instance runs them one at a time, and the newest request wins: a release that
/// arrives while a take runs or waits to retry cancels it (a running command is killed with its children). With
/// <see cref="VrrpVipCommandOptions.BindLocal"/> the platform's binder also binds, announces and leases the addresses, at
/// once, before the command is queued. Runs go through <see cref="ScriptProcessRunner"/>, as health and notify scripts.
/// </summary>
internal sealed class CommandVipBinder : IVipBinder, IVipLeaseBinder, IAsyncDisposable
{
    private readonly VrrpVipCommandOptions _commands;
    private readonly IVipBinder? _local;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ScriptRunAs? _runAs;
    private readonly VrrpBindingMetrics? _metrics;
    private readonly IDisposable? _metricsRegistration;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;
    private Request? _pending;
    private Request? _current;
    private CancellationTokenSource? _currentCancellation;
    private bool _closing;
    private VrrpBindingStatus _status;
    private volatile bool _waitingToRetry;

    /// <summary>Creates the binder and starts its worker.</summary>
    /// <param name="instance">The instance's settings (name, VRID, interface).</param>
    /// <param name="commands">The commands.</param>
    /// <param name="local">The platform's binder, used when <see cref="VrrpVipCommandOptions.BindLocal"/> is on; otherwise ignored.</param>
    /// <param name="timeProvider">The clock of timeouts, backoff and status times.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="runAs">Who the commands run as (<c>script_user</c>, <c>enable_script_security</c>), or null.</param>
    /// <param name="metrics">The binding metrics, or null.</param>
    /// <param name="changed">Called on every status change, on the worker (keep it short), or null.</param>
    public CommandVipBinder(
        VrrpInstanceSettings instance,
        VrrpVipCommandOptions commands,
        IVipBinder? local,
        TimeProvider timeProvider,
        ILogger logger,
        ScriptRunAs? runAs = null,
        VrrpBindingMetrics? metrics = null,
        Action<VrrpBindingStatus>? changed = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(commands);
        InstanceName = instance.Name;
        VirtualRouterId = instance.VirtualRouterId;
        _commands = commands;
        _local = commands.BindLocal ? local : null;
        _timeProvider = timeProvider;
        _logger = logger;
        _runAs = runAs;
        _metrics = metrics;
        Changed = changed;
        _status = new VrrpBindingStatus(VrrpBindingState.Idle, 0, timeProvider.GetUtcNow(), null, null);
        _metricsRegistration = metrics?.Register(this);
        _worker = Task.Run(WorkAsync);
    }

    private enum Action
    {
        Take,
        Release,
    }

    public string InstanceName { get; }

    public byte VirtualRouterId { get; }

    /// <summary>Gets whether a failed command waits to run again; set before the status shows the failure.</summary>
    internal bool WaitingToRetry => _waitingToRetry;

    /// <summary>Gets the current status.</summary>
    public VrrpBindingStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>Gets or sets what is called on every status change.</summary>
    public Action<VrrpBindingStatus>? Changed { get; set; }

    public async ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        if (_local is not null)
        {
            await _local.AddAsync(instance, cancellationToken).ConfigureAwait(false);
        }

        Submit(new Request(Action.Take, instance));
    }

    public async ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        if (_local is not null)
        {
            await _local.RemoveAsync(instance, cancellationToken).ConfigureAwait(false);
        }

        Submit(new Request(Action.Release, instance));
    }

    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) =>
        _local?.AnnounceAsync(instance, cancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>A split brain heals (the master heard a lower priority): announce locally, and take again, since the other master may have moved the address.</summary>
    public async ValueTask ReannounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        if (_local is not null)
        {
            await _local.ReannounceAsync(instance, cancellationToken).ConfigureAwait(false);
        }

        Submit(new Request(Action.Take, instance));
    }

    /// <summary>The address list of a master changed (a reload): change it locally, and take again with the new list.</summary>
    public async ValueTask ChangeAddressesAsync(VrrpInstanceSettings instance, IReadOnlyList<VrrpVirtualAddress> added, IReadOnlyList<VrrpVirtualAddress> removed, CancellationToken cancellationToken)
    {
        if (_local is not null)
        {
            await _local.ChangeAddressesAsync(instance, added, removed, cancellationToken).ConfigureAwait(false);
        }

        Submit(new Request(Action.Take, instance));
    }

    public void RenewLease(VrrpInstanceSettings instance) => (_local as IVipLeaseBinder)?.RenewLease(instance);

    /// <summary>
    /// Stops the worker: a take still running or waiting is cancelled, a queued or running release (the one a master
    /// queues as it stops) is waited for, as long as its attempts and backoff can take.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            if (_pending is { Action: Action.Take })
            {
                _pending = null;
            }

            if (_current is { Action: Action.Take })
            {
                _currentCancellation?.Cancel();
            }
        }

        _signal.Release();
        TimeSpan limit = _commands.Timeout * (_commands.Retries + 1);
        for (int retry = 1; retry <= _commands.Retries; retry++)
        {
            limit += _commands.DelayBefore(retry);
        }

        limit += TimeSpan.FromSeconds(1);
        using (var drain = new CancellationTokenSource(limit, _timeProvider))
        {
            try
            {
                await _worker.WaitAsync(drain.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _logger.VipCommandDrainTimedOut(InstanceName, limit.TotalSeconds);
                await _stopping.CancelAsync().ConfigureAwait(false);
                await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        _metricsRegistration?.Dispose();
        _stopping.Dispose();
        _signal.Dispose();
    }

    private void Submit(Request request)
    {
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            if (request.Action == Action.Take && _pending is null && _current is { Action: Action.Take } running && running.Addresses == request.Addresses)
            {
                // The same take already runs or retries: a second one would only restart it.
                return;
            }

            _pending = request;
            if (_current is { } current && _currentCancellation is { IsCancellationRequested: false } cancellation)
            {
                _logger.VipCommandSuperseded(InstanceName, Name(current.Action), Name(request.Action));
                cancellation.Cancel();
            }
        }

        _signal.Release();
    }

    private async Task WorkAsync()
    {
        while (true)
        {
            Request? request;
            CancellationTokenSource cancellation;
            try
            {
                await _signal.WaitAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_lock)
            {
                request = _pending;
                _pending = null;
                if (request is null)
                {
                    if (_closing)
                    {
                        return;
                    }

                    continue;
                }

                _current = request;
                cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                _currentCancellation = cancellation;
            }

            try
            {
                await RunAsync(request, cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Superseded by a newer request, or stopped.
            }
            finally
            {
                lock (_lock)
                {
                    _current = null;
                    _currentCancellation = null;
                    cancellation.Dispose();
                }
            }

            lock (_lock)
            {
                if (_closing && _pending is null)
                {
                    return;
                }
            }
        }
    }

    private async Task RunAsync(Request request, CancellationToken cancellationToken)
    {
        if (request.Action == Action.Release)
        {
            if (_commands.Release is not { } release)
            {
                SetStatus(VrrpBindingState.Released, 0, null, null);
                return;
            }

            SetStatus(VrrpBindingState.Releasing, 0, null, null);
            string? failure = await RunWithRetriesAsync("release", release, VrrpBindingState.Releasing, request, cancellationToken).ConfigureAwait(false);
            SetStatus(failure is null ? VrrpBindingState.Released : VrrpBindingState.Failed, Status.Attempts, failure, Status.LastOutput);
            return;
        }

        SetStatus(VrrpBindingState.Taking, 0, null, null);
        string? takeFailure = await RunWithRetriesAsync("take", _commands.Take!, VrrpBindingState.Taking, request, cancellationToken).ConfigureAwait(false);
        if (takeFailure is not null)
        {
            SetStatus(VrrpBindingState.Failed, Status.Attempts, takeFailure, Status.LastOutput);
            return;
        }

        SetStatus(VrrpBindingState.Requested, Status.Attempts, null, Status.LastOutput);
        if (_commands.Confirm is { } confirm)
        {
            string? confirmFailure = await RunWithRetriesAsync("confirm", confirm, VrrpBindingState.Requested, request, cancellationToken).ConfigureAwait(false);
            SetStatus(confirmFailure is null ? VrrpBindingState.Confirmed : VrrpBindingState.Failed, Status.Attempts, confirmFailure, Status.LastOutput);
        }
    }

    /// <summary>Runs one command until it succeeds or its retries run out; returns null on success, else the last failure.</summary>
    private async Task<string?> RunWithRetriesAsync(string action, string commandLine, VrrpBindingState state, Request request, CancellationToken cancellationToken)
    {
        string vips = string.Join(' ', request.Settings.VirtualAddresses.Select(vip => vip.ToString()));
        string interfaceName = request.Settings.InterfaceName ?? string.Empty;
        List<string> arguments = [.. KeepalivedCommandLine.Split(commandLine), action, InstanceName, interfaceName, .. request.Settings.VirtualAddresses.Select(vip => vip.ToString())];
        string shown = string.Join(' ', arguments);
        int attempts = _commands.Retries + 1;
        string failure = string.Empty;
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            _waitingToRetry = false;
            SetStatus(state, attempt, Status.LastError, Status.LastOutput);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["VRRP_ACTION"] = action,
                ["VRRP_INSTANCE"] = InstanceName,
                ["VRRP_INTERFACE"] = interfaceName,
                ["VRRP_VRID"] = VirtualRouterId.ToString(CultureInfo.InvariantCulture),
                ["VRRP_VIPS"] = vips,
                ["VRRP_ATTEMPT"] = attempt.ToString(CultureInfo.InvariantCulture),
            };
            ProcessRunResult result = await ScriptProcessRunner.RunAsync(arguments, _commands.Timeout, cancellationToken, _runAs, environment, captureOutput: true, _timeProvider).ConfigureAwait(false);
            _metrics?.RecordCommand(this, action, result.Succeeded ? "success" : result.TimedOut ? "timeout" : "failure");
            if (result.Succeeded)
            {
                _logger.VipCommandSucceeded(InstanceName, action, attempt, result.Elapsed.TotalMilliseconds, shown);
                SetStatus(state, attempt, null, result.Output);
                return null;
            }

            failure = $"{action}: {result.Describe(_commands.Timeout)}";
            // The backoff counts from the failure, read before the status shows it: whoever reacts to the status
            // (a test advancing a fake clock, say) cannot move time before the wait is measured.
            DateTimeOffset retryAt = _timeProvider.GetUtcNow() + _commands.DelayBefore(attempt);
            _waitingToRetry = attempt < attempts;

            SetStatus(state, attempt, failure, result.Output);
            string output = result.Output is null ? string.Empty : Environment.NewLine + result.Output;
            if (attempt == attempts)
            {
                _logger.VipCommandFailed(InstanceName, action, attempts, result.Describe(_commands.Timeout), shown, output);
                break;
            }

            TimeSpan delay = _commands.DelayBefore(attempt);
            _logger.VipCommandRetrying(InstanceName, action, attempt, result.Describe(_commands.Timeout), delay.TotalSeconds, shown, output);
            TimeSpan wait = retryAt - _timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        return failure;
    }

    private void SetStatus(VrrpBindingState state, int attempts, string? lastError, string? lastOutput)
    {
        VrrpBindingStatus old;
        VrrpBindingStatus now;
        lock (_lock)
        {
            old = _status;
            DateTimeOffset since = state == old.State ? old.Since : _timeProvider.GetUtcNow();
            now = new VrrpBindingStatus(state, attempts, since, lastError, lastOutput);
            if (now == old)
            {
                return;
            }

            _status = now;
        }

        if (old.State != state)
        {
            _logger.VipBindingChanged(InstanceName, old.State, state);
        }

        Changed?.Invoke(now);
    }

    private static string Name(Action action) => action == Action.Take ? "take" : "release";

    /// <summary>One queued request: the action and the settings at the time (the address list may change while it waits).</summary>
    private sealed record Request(Action Action, VrrpInstanceSettings Settings)
    {
        public string Addresses { get; } = string.Join(' ', Settings.VirtualAddresses.Select(vip => vip.ToString()));
    }
}
