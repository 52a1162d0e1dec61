using System.Diagnostics.Metrics;
using Vrrp.Diagnostics;

namespace Vrrp.Hosting.Binding;

/// <summary>
/// The VIP command binders' instruments on the <c>Vrrp</c> meter: <c>vrrp.binding.state</c> (a gauge of
/// <see cref="VrrpBindingState"/>) and <c>vrrp.binding.commands</c> (runs, by <c>vrrp.binding.action</c> and
/// <c>vrrp.binding.result</c>), tagged <c>vrrp.instance</c> and <c>vrrp.vrid</c> like the instance metrics.
/// </summary>
internal sealed class VrrpBindingMetrics
{
    /// <summary>The tag holding the command: <c>take</c>, <c>release</c> or <c>confirm</c>.</summary>
    public const string ActionTag = "vrrp.binding.action";

    /// <summary>The tag holding how a run ended: <c>success</c>, <c>failure</c> or <c>timeout</c>.</summary>
    public const string ResultTag = "vrrp.binding.result";

    private readonly List<CommandVipBinder> _binders = [];
    private readonly Lock _lock = new();
    private readonly Counter<long> _commands;

    public VrrpBindingMetrics(Meter meter)
    {
        meter.CreateObservableGauge("vrrp.binding.state", Observe, "{state}", "VIP command binding: 0 idle, 1 taking, 2 requested, 3 confirmed, 4 releasing, 5 released, 6 failed.");
        _commands = meter.CreateCounter<long>("vrrp.binding.commands", "{command}", "VIP command runs, by vrrp.binding.action and vrrp.binding.result.");
    }

    public IDisposable Register(CommandVipBinder binder)
    {
        lock (_lock)
        {
            _binders.Add(binder);
        }

        return new Registration(this, binder);
    }

    public void RecordCommand(CommandVipBinder binder, string action, string result) =>
        _commands.Add(1, new(VrrpMetrics.InstanceTag, binder.InstanceName), new(VrrpMetrics.VirtualRouterIdTag, (int)binder.VirtualRouterId), new(ActionTag, action), new(ResultTag, result));

    private List<Measurement<long>> Observe()
    {
        lock (_lock)
        {
            return [.. _binders.Select(b => new Measurement<long>((long)b.Status.State, new(VrrpMetrics.InstanceTag, b.InstanceName), new(VrrpMetrics.VirtualRouterIdTag, (int)b.VirtualRouterId)))];
        }
    }

    private sealed class Registration(VrrpBindingMetrics metrics, CommandVipBinder binder) : IDisposable
    {
        public void Dispose()
        {
            lock (metrics._lock)
            {
                metrics._binders.Remove(binder);
            }
        }
    }
}
