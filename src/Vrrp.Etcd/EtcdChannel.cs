using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Vrrp.Etcd;

/// <summary>
/// One gRPC channel to every etcd endpoint, round-robin over a static list: each new call (a reopened keep-alive
/// stream, a campaign) goes to the next member, so a member that accepts connections but does not serve (behind a
/// proxy, stopped, cut off) costs one attempt rather than every attempt. HTTP/2 pings on connections with a call in
/// flight notice a member that stopped answering within a keep-alive period and a second. With <c>https://</c> endpoints the servers are verified against
/// <see cref="EtcdElectionOptions.CaCertFile"/> (or the system's roots) and the client certificate is presented; with a
/// user, every call carries etcd's auth token, fetched again when etcd says it is no longer valid.
/// </summary>
internal sealed class EtcdChannel : IDisposable
{
    private readonly EtcdAuthToken? _token;

    private EtcdChannel(GrpcChannel channel, EtcdAuthToken? token)
    {
        Channel = channel;
        _token = token;
    }

    public GrpcChannel Channel { get; }

    /// <summary>
    /// The HTTP/2 ping period: the lease keep-alive period, within 1-5 s. etcd lets a ping through when it has sent data
    /// since the last one or when it comes at least 5 s after it; a keep-alive answer per ping period keeps every ping
    /// allowed, and a member that stopped answering is noticed within a keep-alive period and a second.
    /// </summary>
    internal static TimeSpan PingDelay(TimeSpan keepAliveInterval) =>
        TimeSpan.FromTicks(Math.Clamp(keepAliveInterval.Ticks, TimeSpan.TicksPerSecond, 5 * TimeSpan.TicksPerSecond));

    public static EtcdChannel Create(EtcdElectionOptions options)
    {
        var endpoints = new List<Uri>();
        foreach (string endpoint in options.Endpoints)
        {
            if (!EtcdEndpoint.TryParse(endpoint, out Uri? uri, out string? error))
            {
                throw new ArgumentException(error, nameof(options));
            }

            endpoints.Add(uri);
        }

        bool tls = endpoints.Exists(e => e.Scheme == Uri.UriSchemeHttps);
        BalancerAddress[] addresses = [.. endpoints.Select(e => new BalancerAddress(e.Host, e.Port))];
        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses));
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(1),
            KeepAlivePingDelay = PingDelay(options.EffectiveKeepAliveInterval),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(1),

            // Not on idle connections: etcd (gRPC's enforcement, --grpc-keepalive-min-time 5 s by default) counts every
            // ping on a connection without a stream as a strike and closes it after three (GOAWAY ENHANCE_YOUR_CALM,
            // "too_many_pings"); round robin keeps a connection to every member, most of them idle.
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (tls)
        {
            handler.SslOptions = ClientTls(options);
        }

        EtcdAuthToken? token = options.User is { } user ? new EtcdAuthToken(user, options.Password ?? string.Empty) : null;
        ChannelCredentials credentials = tls ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        if (token is not null)
        {
            credentials = ChannelCredentials.Create(credentials, CallCredentials.FromInterceptor(token.AddToAsync));
        }

        GrpcChannel channel = GrpcChannel.ForAddress("static:///etcd", new GrpcChannelOptions
        {
            Credentials = credentials,
            UnsafeUseInsecureChannelCallCredentials = token is not null && !tls,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            ServiceProvider = services.BuildServiceProvider(),
            HttpHandler = handler,
        });
        token?.Attach(new Auth.AuthClient(channel));
        return new EtcdChannel(channel, token);
    }

    /// <summary>Forgets the auth token when etcd refused it, so the next call authenticates again.</summary>
    public void OnError(Exception exception)
    {
        if (exception is RpcException { StatusCode: StatusCode.Unauthenticated })
        {
            _token?.Invalidate();
        }
    }

    public void Dispose()
    {
        Channel.Dispose();
        _token?.Dispose();
    }

    private static SslClientAuthenticationOptions ClientTls(EtcdElectionOptions options)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (options.CertFile is { } certFile)
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, options.KeyFile)];
        }

        if (options.CaCertFile is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors, roots);
        }

        return ssl;
    }

    /// <summary>The server's certificate must chain to one of <paramref name="roots"/> (only) and name the host it was reached at.</summary>
    private static bool Verify(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }
}
