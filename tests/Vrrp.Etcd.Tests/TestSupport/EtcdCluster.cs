using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// A real three-member etcd cluster on loopback (Debian's etcd-server), started for one test: free ports, data
/// directories under a temp directory, fast raft timing (heartbeat 50 ms, election 500 ms). Members can be killed,
/// stopped (SIGSTOP) and continued; <see cref="Dispose"/> kills them all and deletes the data.
/// </summary>
internal sealed class EtcdCluster : IDisposable
{
    public const string InstallHint = "apt-get install -y etcd-server, or run ./test.sh as root";

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly TempDirectory _directory = new();
    private readonly Process?[] _members = new Process?[3];
    private readonly int[] _clientPorts;
    private readonly int[] _peerPorts;
    private readonly string _etcd;
    private readonly EtcdTestCertificates? _tls;
    private readonly int[] _tlsClientPorts;

    private EtcdCluster(string etcd, EtcdTestCertificates? tls)
    {
        _etcd = etcd;
        _tls = tls;
        int[] ports = FreePorts(9);
        _clientPorts = ports[..3];
        _peerPorts = ports[3..6];
        _tlsClientPorts = ports[6..];
    }

    /// <summary>Gets the https:// client URLs (client certificates required), one per member, when started with TLS.</summary>
    public IReadOnlyList<string> TlsClientUrls => _tls is null ? [] : _tlsClientPorts.Select(port => $"https://127.0.0.1:{port}").ToArray();

    /// <summary>Gets the client URLs, one per member.</summary>
    public IReadOnlyList<string> ClientUrls => _clientPorts.Select(port => $"http://127.0.0.1:{port}").ToArray();

    /// <summary>Gets the members' client ports.</summary>
    public IReadOnlyList<int> ClientPorts => _clientPorts;

    /// <summary>
    /// Starts the cluster and waits until every member reports healthy; skips (or fails in CI) without etcd. With
    /// <paramref name="tls"/>, each member also serves https:// clients that present a certificate of that CA.
    /// </summary>
    public static async Task<EtcdCluster> StartAsync(EtcdTestCertificates? tls = null)
    {
        if (!IntegrationPrerequisites.RequireLinux("etcd is started as Linux processes"))
        {
            throw new UnreachableException();
        }

        string? etcd = IntegrationPrerequisites.Find("etcd");
        if (etcd is null)
        {
            IntegrationPrerequisites.MissingAsReported($"etcd is not installed ({InstallHint}): the etcd election tests need a real etcd cluster");
        }

        var cluster = new EtcdCluster(etcd, tls);
        try
        {
            for (int member = 0; member < 3; member++)
            {
                cluster.Launch(member);
            }

            await cluster.WaitHealthyAsync(TimeSpan.FromSeconds(20));
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Kills a member (SIGKILL).</summary>
    public void Kill(int member)
    {
        Process? process = _members[member];
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>Freezes a member (SIGSTOP): it keeps its sockets but answers nothing.</summary>
    public void Freeze(int member) => Signal(member, "STOP");

    /// <summary>Lets a frozen member run again (SIGCONT).</summary>
    public void Thaw(int member) => Signal(member, "CONT");

    /// <summary>Returns the index of the member that is raft leader, asking every live member.</summary>
    public async Task<int> LeaderAsync()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            for (int member = 0; member < 3; member++)
            {
                (ulong Id, ulong Leader)? status = await StatusAsync(member);
                if (status is { } known && known.Leader != 0 && known.Leader == known.Id)
                {
                    return member;
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("no etcd member reports itself as leader\n" + Logs());
    }

    /// <summary>Returns the tail of every member's log, for a failure message.</summary>
    public string Logs()
    {
        var text = new StringBuilder();
        for (int member = 0; member < 3; member++)
        {
            string path = _directory.Combine($"m{member}.log");
            string[] lines = File.Exists(path) ? File.ReadAllLines(path) : [];
            text.AppendLine(CultureInfo.InvariantCulture, $"--- etcd m{member} (last 15 lines)");
            foreach (string line in lines.TakeLast(15))
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    public void Dispose()
    {
        for (int member = 0; member < 3; member++)
        {
            Signal(member, "CONT");
            Kill(member);
            _members[member]?.Dispose();
        }

        _directory.Dispose();
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (TcpListener listener in listeners)
        {
            listener.Start();
        }

        int[] ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        foreach (TcpListener listener in listeners)
        {
            listener.Stop();
        }

        return ports;
    }

    private void Launch(int member)
    {
        string initialCluster = string.Join(',', Enumerable.Range(0, 3).Select(i => $"m{i}=http://127.0.0.1:{_peerPorts[i]}"));
        string client = $"http://127.0.0.1:{_clientPorts[member]}";
        string listenClient = _tls is null ? client : $"{client},https://127.0.0.1:{_tlsClientPorts[member]}";
        string peer = $"http://127.0.0.1:{_peerPorts[member]}";
        string[] arguments =
        [
            "--name", $"m{member}",
            "--data-dir", _directory.Combine($"m{member}"),
            "--listen-client-urls", listenClient,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", initialCluster,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", Path.GetFileName(_directory.Path),
            "--heartbeat-interval", "50",
            "--election-timeout", "500",
            "--logger", "zap",
            "--log-outputs", _directory.Combine($"m{member}.log"),
            .. (_tls is null ? (string[])[] : ["--cert-file", _tls.ServerCertFile, "--key-file", _tls.ServerKeyFile, "--trusted-ca-file", _tls.CaFile, "--client-cert-auth"]),
        ];
        var start = new ProcessStartInfo(_etcd) { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _members[member] = Process.Start(start) ?? throw new InvalidOperationException("etcd did not start");
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            bool[] healthy = await Task.WhenAll(Enumerable.Range(0, 3).Select(IsHealthyAsync));
            if (healthy.All(ok => ok))
            {
                return;
            }

            if (_members.Any(process => process is null || process.HasExited))
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"the etcd cluster did not become healthy within {timeout.TotalSeconds} s\n" + Logs());
    }

    private async Task<bool> IsHealthyAsync(int member)
    {
        try
        {
            string body = await s_http.GetStringAsync(new Uri($"{ClientUrls[member]}/health"));
            return body.Contains("\"true\"", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task<(ulong Id, ulong Leader)?> StatusAsync(int member)
    {
        if (_members[member] is not { HasExited: false })
        {
            return null;
        }

        try
        {
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await s_http.PostAsync(new Uri($"{ClientUrls[member]}/v3/maintenance/status"), content);
            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            JsonElement root = json.RootElement;
            ulong id = ulong.Parse(root.GetProperty("header").GetProperty("member_id").GetString()!, CultureInfo.InvariantCulture);
            ulong leader = root.TryGetProperty("leader", out JsonElement value) ? ulong.Parse(value.GetString()!, CultureInfo.InvariantCulture) : 0;
            return (id, leader);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private void Signal(int member, string signal)
    {
        if (_members[member] is { HasExited: false } process)
        {
            using Process kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }
}
