using Microsoft.Extensions.Logging.Testing;

namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>An <see cref="EtcdElection"/> that reaches every etcd member through a <see cref="TcpGate"/> of its own, so a test can cut it off from etcd.</summary>
internal sealed class Candidate : IAsyncDisposable
{
    private readonly TcpGate[] _gates;

    public Candidate(string name, EtcdCluster cluster, TimeSpan ttl, string election)
    {
        Name = name;
        _gates = cluster.ClientPorts.Select(port => new TcpGate(port)).ToArray();
        var options = new EtcdElectionOptions
        {
            Endpoints = _gates.Select(gate => gate.Url).ToList(),
            ElectionName = election,
            CandidateId = name,
            LeaseTtl = ttl,
            RetryDelay = TimeSpan.FromMilliseconds(200),
        };
        Election = new EtcdElection(options, Logger);
    }

    public string Name { get; }

    public EtcdElection Election { get; }

    /// <summary>Gets what the election logged (retries, state changes), for failure messages.</summary>
    public FakeLogger<EtcdElection> Logger { get; } = new();

    public string Log() => string.Join("\n", Logger.Collector.GetSnapshot().Select(record => $"{record.Timestamp:HH:mm:ss.fff} {Name} {record.Level} {record.Message}"));

    /// <summary>Gets how many connections the candidate has opened to etcd (through all its gates).</summary>
    public int Connections => _gates.Sum(gate => gate.Accepted);

    /// <summary>Cuts the candidate off from every etcd member (or lets it through again).</summary>
    public void CutOff(bool cut)
    {
        foreach (TcpGate gate in _gates)
        {
            gate.Blocked = cut;
        }
    }

    public async ValueTask DisposeAsync()
    {
        CutOff(false);
        await Election.DisposeAsync();
        foreach (TcpGate gate in _gates)
        {
            gate.Dispose();
        }
    }
}
