using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Vrrp.Etcd;

/// <summary>
/// One gRPC channel to every etcd endpoint, round-robin over a static list: each new call (a reopened keep-alive
/// stream, a campaign) goes to the next member, so a member that accepts connections but does not serve (behind a
/// proxy, stopped, cut off) costs one attempt rather than every attempt. HTTP/2 pings notice a member that stopped
/// answering within about two seconds.
/// </summary>
internal static class EtcdChannel
{
    public static GrpcChannel Create(IEnumerable<string> endpoints)
    {
        BalancerAddress[] addresses = endpoints.Select(ToAddress).ToArray();
        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => addresses));
        return GrpcChannel.ForAddress("static:///etcd", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Insecure,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            ServiceProvider = services.BuildServiceProvider(),
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(1),
                KeepAlivePingDelay = TimeSpan.FromSeconds(1),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(1),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            },
        });
    }

    private static BalancerAddress ToAddress(string endpoint)
    {
        var uri = new Uri(endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint);
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new NotSupportedException($"etcd endpoint {endpoint}: only http:// endpoints are supported yet (TLS is planned)");
        }

        return new BalancerAddress(uri.Host, uri.Port);
    }
}
