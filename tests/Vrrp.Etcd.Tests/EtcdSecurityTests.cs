using Etcdserverpb;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Testing;

namespace Vrrp.Etcd.Tests;

/// <summary>
/// TLS and user authentication against a real etcd cluster: an election over https:// with a client certificate and
/// the cluster's CA, refused with another CA; an election as an etcd user once etcd's auth is on, refused with a wrong
/// password.
/// </summary>
public sealed class EtcdSecurityTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Tls_ClientCertificateAndTheClustersCa_Elected_AnotherCa_NeverElected()
    {
        using var certificates = new EtcdTestCertificates();
        using EtcdCluster cluster = await EtcdCluster.StartAsync(certificates);
        var trusting = new FakeLogger<EtcdElection>();
        var doubting = new FakeLogger<EtcdElection>();
        await using var good = new EtcdElection(Tls(cluster, certificates.CaFile, certificates, "tls-good"), trusting);
        await using var bad = new EtcdElection(Tls(cluster, certificates.OtherCaFile, certificates, "tls-bad"), doubting);

        good.Start();
        bad.Start();
        await WaitUntilAsync(() => good.IsLeader, TimeSpan.FromSeconds(10), trusting);
        await Task.Delay(2000, TestContext.Current.CancellationToken);

        bad.IsLeader.Should().BeFalse("a server whose certificate does not chain to the configured CA is refused");
        doubting.Collector.GetSnapshot().Should().Contain(r => r.Message.Contains("retrying", StringComparison.Ordinal), "the refused connection is logged");
    }

    [Fact]
    public async Task Auth_UserWithTheRightPassword_Elected_WrongPassword_NeverElected()
    {
        using EtcdCluster cluster = await EtcdCluster.StartAsync();
        await EnableAuthAsync(cluster, "root", "s3cret");
        var rightLog = new FakeLogger<EtcdElection>();
        var wrongLog = new FakeLogger<EtcdElection>();
        await using var right = new EtcdElection(Auth(cluster, "s3cret", "auth-right"), rightLog);
        await using var wrong = new EtcdElection(Auth(cluster, "wrong", "auth-wrong"), wrongLog);

        right.Start();
        wrong.Start();
        await WaitUntilAsync(() => right.IsLeader, TimeSpan.FromSeconds(10), rightLog);
        await Task.Delay(2000, TestContext.Current.CancellationToken);

        wrong.IsLeader.Should().BeFalse("etcd refuses the wrong password");
        wrongLog.Collector.GetSnapshot().Should().Contain(r => r.Message.Contains("retrying", StringComparison.Ordinal));
    }

    private static EtcdElectionOptions Tls(EtcdCluster cluster, string ca, EtcdTestCertificates certificates, string election) => new()
    {
        Endpoints = [.. cluster.TlsClientUrls],
        ElectionName = election,
        LeaseTtl = s_ttl,
        CaCertFile = ca,
        CertFile = certificates.ClientCertFile,
        KeyFile = certificates.ClientKeyFile,
    };

    private static EtcdElectionOptions Auth(EtcdCluster cluster, string password, string election) => new()
    {
        Endpoints = [.. cluster.ClientUrls],
        ElectionName = election,
        LeaseTtl = s_ttl,
        User = "root",
        Password = password,
    };

    /// <summary>Adds the root user and role and turns etcd's authentication on, as <c>etcdctl user add root; etcdctl auth enable</c> would.</summary>
    private static async Task EnableAuthAsync(EtcdCluster cluster, string user, string password)
    {
        using GrpcChannel channel = GrpcChannel.ForAddress(cluster.ClientUrls[0]);
        var auth = new Auth.AuthClient(channel);
        await auth.RoleAddAsync(new AuthRoleAddRequest { Name = "root" });
        await auth.UserAddAsync(new AuthUserAddRequest { Name = user, Password = password });
        await auth.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = user, Role = "root" });
        await auth.AuthEnableAsync(new AuthEnableRequest());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, FakeLogger<EtcdElection> log)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds} s:\n" + string.Join("\n", log.Collector.GetSnapshot().Select(r => r.Message)));
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
