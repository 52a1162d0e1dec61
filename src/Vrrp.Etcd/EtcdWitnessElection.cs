using System.Net.Sockets;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using V3Electionpb;

namespace Vrrp.Etcd;

/// <summary>
/// An <see cref="EtcdElection"/> plus a probe of every member, one channel per member: <c>Status</c> answers from the
/// member alone (no quorum needed) and tells whether it knows a raft leader; <c>Leader</c> tells who leads the election.
/// </summary>
internal sealed class EtcdWitnessElection : IWitnessElection
{
    private readonly EtcdElection _election;
    private readonly EtcdElectionOptions _options;
    private readonly EtcdChannel[] _members;
    private readonly EtcdChannel _any;
    private readonly TimeSpan _timeout;

    public EtcdWitnessElection(EtcdElection election, EtcdElectionOptions options)
    {
        _election = election;
        _options = options;
        _members = [.. options.Endpoints.Select(endpoint => EtcdChannel.Create(OneMember(options, endpoint)))];
        _any = EtcdChannel.Create(options);

        // Half a keep-alive interval: a round of probes ends well before the next one starts.
        _timeout = options.EffectiveKeepAliveInterval / 2;
    }

    public event EventHandler<EtcdLeadershipChangedEventArgs>? StateChanged
    {
        add => _election.StateChanged += value;
        remove => _election.StateChanged -= value;
    }

    public bool IsEligible
    {
        get => _election.IsEligible;
        set => _election.IsEligible = value;
    }

    public bool IsLeader => _election.IsLeader;

    public void AddRelease(Func<Task> release) => _election.AddRelease(release);

    public void Start() => _election.Start();

    public async Task<EtcdProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        MemberAnswer[] answers = await Task.WhenAll(_members.Select(member => AskAsync(member, cancellationToken))).ConfigureAwait(false);
        if (answers.Contains(MemberAnswer.Leader))
        {
            return new EtcdProbeResult(EtcdReachability.Available, await OtherLeadsAsync(cancellationToken).ConfigureAwait(false));
        }

        return new EtcdProbeResult(answers.Any(answer => answer is MemberAnswer.NoLeader or MemberAnswer.Refused) ? EtcdReachability.Unavailable : EtcdReachability.CutOff, OtherLeads: false);
    }

    public async ValueTask DisposeAsync()
    {
        await _election.DisposeAsync().ConfigureAwait(false);
        foreach (EtcdChannel member in _members)
        {
            member.Dispose();
        }

        _any.Dispose();
    }

    // The same TLS and credentials, one endpoint: a probe must hear from each member, not from whichever answers.
    private static EtcdElectionOptions OneMember(EtcdElectionOptions options, string endpoint) => new()
    {
        Endpoints = [endpoint],
        ElectionName = options.ElectionName,
        CandidateId = options.CandidateId,
        LeaseTtl = options.LeaseTtl,
        CaCertFile = options.CaCertFile,
        CertFile = options.CertFile,
        KeyFile = options.KeyFile,
        User = options.User,
        Password = options.Password,
    };

    private static bool Refused(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }

            if (e is RpcException rpc && Refused(rpc.Status.DebugException))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<MemberAnswer> AskAsync(EtcdChannel member, CancellationToken cancellationToken)
    {
        try
        {
            StatusResponse status = await new Maintenance.MaintenanceClient(member.Channel)
                .StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow + _timeout, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return status.Leader != 0 ? MemberAnswer.Leader : MemberAnswer.NoLeader;
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused(exception) ? MemberAnswer.Refused : MemberAnswer.Silent;
        }
    }

    private async Task<bool> OtherLeadsAsync(CancellationToken cancellationToken)
    {
        try
        {
            LeaderResponse leader = await new Election.ElectionClient(_any.Channel)
                .LeaderAsync(new LeaderRequest { Name = ByteString.CopyFromUtf8(_options.ElectionName) }, deadline: DateTime.UtcNow + _timeout, cancellationToken: cancellationToken)
                .ConfigureAwait(false);

            // Our own key, even from an older lease, is not another leader.
            return leader.Kv is { } kv && kv.Value.ToStringUtf8() != _options.CandidateId;
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            // No leader (etcd answers "election: no leader") or no answer: nobody else is known to lead.
            return false;
        }
    }

    private enum MemberAnswer
    {
        Silent,
        Refused,
        NoLeader,
        Leader,
    }
}
