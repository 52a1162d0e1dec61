using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Vrrp.Hosting;
using Vrrp.Hosting.Control;
using Vrrp.Instances;
using Vrrp.StateMachine;

namespace Vrrp.TestSupport.Hosting;

/// <summary>One host running <c>AddVrrp().AddKeepalivedConfig(...)</c> on a <see cref="LoopbackLan"/> node and a shared fake clock.</summary>
internal sealed class HostedNode : IAsyncDisposable
{
    private HostedNode(IHost host, LoopbackLan.Node node)
    {
        Host = host;
        Lan = node;
        Registry = host.Services.GetRequiredService<VrrpInstanceRegistry>();
        Logs = host.Services.GetRequiredService<FakeLogCollector>();
        Controller = host.Services.GetRequiredService<VrrpHostController>();
    }

    public IHost Host { get; }

    public LoopbackLan.Node Lan { get; }

    public VrrpInstanceRegistry Registry { get; }

    public FakeLogCollector Logs { get; }

    public VrrpHostController Controller { get; }

    /// <summary>Gets how many state changes were logged (event 6001), for "no transition" checks.</summary>
    public int Transitions => Logs.GetSnapshot().Count(r => r.Id.Id == 6001);

    public static HostedNode Create(LoopbackLan lan, IPAddress address, string configPath, Action<IVrrpBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        LoopbackLan.Node node = lan.AddNode(address);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(lan.Clock);
        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        IVrrpBuilder vrrp = builder.Services.AddVrrp(o => o.NotifyDrainTimeout = TimeSpan.FromSeconds(5)).AddKeepalivedConfig(configPath).UsePlatform(node);
        configure?.Invoke(vrrp);
        services?.Invoke(builder.Services);
        return new HostedNode(builder.Build(), node);
    }

    public VrrpInstance Instance(string name = "VI_1") => Registry.Find(name) ?? throw new InvalidOperationException($"{name} is not running");

    public VrrpState State(string name = "VI_1") => Registry.Find(name)?.State ?? VrrpState.Initialize;

    public async Task StartAsync(string name = "VI_1")
    {
        await Host.StartAsync();
        await Until(() => State(name) != VrrpState.Initialize, TimeSpan.FromSeconds(10));
    }

    public async Task<HealthReport> CheckHealthAsync() => await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }

    /// <summary>Waits (real time) until a condition holds.</summary>
    public static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Advances the fake clock in 50 ms steps, giving thread-pool work (health checks) a moment after each.</summary>
    public static async Task RunFor(FakeTimeProvider clock, TimeSpan duration)
    {
        TimeSpan step = TimeSpan.FromMilliseconds(50);
        for (TimeSpan done = TimeSpan.Zero; done < duration; done += step)
        {
            clock.Advance(step);
            await Task.Delay(1);
        }
    }

    /// <summary>Advances the fake clock until a condition holds, at most <paramref name="limit"/> of simulated time; returns the simulated time it took.</summary>
    public static async Task<TimeSpan> RunUntil(FakeTimeProvider clock, Func<bool> condition, TimeSpan limit)
    {
        TimeSpan step = TimeSpan.FromMilliseconds(50);
        TimeSpan done = TimeSpan.Zero;
        while (!condition())
        {
            if (done >= limit)
            {
                throw new TimeoutException($"the condition did not hold within {limit.TotalSeconds} simulated seconds");
            }

            clock.Advance(step);
            done += step;
            await Task.Delay(1);
        }

        return done;
    }
}
