using Microsoft.Extensions.Time.Testing;
using Vrrp.Etcd.Hosting;
using Vrrp.Instances;
using Vrrp.StateMachine;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>One VRRP instance on a fake clock whose binder is an <see cref="EtcdWitness"/> over a <see cref="FakeWitnessElection"/>.</summary>
internal sealed class WitnessNode : IAsyncDisposable, IVipBinder
{
    private volatile bool _bound;
    private volatile TaskCompletionSource? _holdRemoval;

    public WitnessNode(EtcdUnreachableBehavior whenUnreachable, FakeTimeProvider? clock = null, byte priority = 100)
    {
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Witness = new EtcdWitness(Election, this, whenUnreachable, TimeSpan.FromSeconds(1), null, Clock);
        Instance = new VrrpInstance(
            new VrrpInstanceSettings
            {
                Name = "VI_1",
                VirtualRouterId = 51,
                Priority = priority,
                PrimaryAddress = IPAddress.Parse("10.0.0.1"),
                VirtualAddresses = [VrrpVirtualAddress.Parse("10.0.0.100/24")],
            },
            new MemoryLan().TransportFor(IPAddress.Parse("10.0.0.1")),
            Witness,
            Clock);
    }

    public FakeTimeProvider Clock { get; }

    public FakeWitnessElection Election { get; } = new();

    public EtcdWitness Witness { get; }

    public VrrpInstance Instance { get; }

    public bool Bound => _bound;

    /// <summary>Starts the instance and lets its Master_Down_Timer expire: it now wants mastership.</summary>
    public async Task StartWantingAsync()
    {
        await Instance.StartAsync(TestContext.Current.CancellationToken);
        Clock.Advance(TimeSpan.FromSeconds(4));
    }

    /// <summary>Starts, wants mastership, is elected: master.</summary>
    public async Task StartAsMasterAsync()
    {
        await StartWantingAsync();
        Election.Elect();
        await WaitForAsync(VrrpState.Master);
    }

    public async Task WaitForAsync(VrrpState state)
    {
        for (int i = 0; i < 250 && Instance.State != state; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Instance.State.Should().Be(state, Instance.Explain());
    }

    /// <summary>Lets the loops run a while: for asserting that nothing changes.</summary>
    public static Task SettleAsync() => Task.Delay(300, TestContext.Current.CancellationToken);

    /// <summary>Makes the next removal wait until the returned source completes.</summary>
    public TaskCompletionSource HoldRemoval() => _holdRemoval = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask AddAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        _bound = true;
        return ValueTask.CompletedTask;
    }

    public async ValueTask RemoveAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken)
    {
        if (_holdRemoval is { } hold)
        {
            await hold.Task;
        }

        _bound = false;
    }

    public ValueTask AnnounceAsync(VrrpInstanceSettings instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _holdRemoval?.TrySetResult();
        await Instance.DisposeAsync();
        await Witness.DisposeAsync();
    }
}
