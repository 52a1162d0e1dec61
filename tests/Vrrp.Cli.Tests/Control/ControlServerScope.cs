using Vrrp.Cli.Control;

namespace Vrrp.Cli.Tests.Control;

/// <summary>A control socket server on a fake daemon in a temporary directory, with short limits so tests run fast.</summary>
internal sealed class ControlServerScope : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    public ControlServerScope(Func<ControlSocketOptions, ControlSocketOptions>? configure = null, Func<PeerCredentials, string?>? refusalOf = null)
    {
        Path = _directory.Combine("vrrp.sock");
        var options = new ControlSocketOptions { Path = Path, MaxLineBytes = 1024, DropsInterval = TimeSpan.FromMilliseconds(100) };
        Options = configure?.Invoke(options) ?? options;
        Server = ControlSocketServer.Start(Options, Target, refusalOf ?? (_ => null), Log);
    }

    public string Path { get; }

    public TempDirectory Directory => _directory;

    public ControlSocketOptions Options { get; }

    public FakeControlTarget Target { get; } = new();

    public StringWriter Log { get; } = new();

    public ControlSocketServer Server { get; }

    public RawControlClient Connect() => new(Path);

    /// <summary>Connects and sends some text at once.</summary>
    public RawControlClient ConnectAndSend(string text)
    {
        var client = new RawControlClient(Path);
        client.Send(text);
        return client;
    }

    /// <summary>Waits until the server has let go of every client.</summary>
    public async Task WaitForNoClientsAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Server.ClientCount != 0)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
