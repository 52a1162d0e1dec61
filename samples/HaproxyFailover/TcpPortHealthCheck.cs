using System.Net;
using System.Net.Sockets;
using HaproxyFailover.Supervision;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaproxyFailover;

/// <summary>
/// Healthy while something accepts TCP connections on the endpoint (HAProxy's frontend), checked in-process: no
/// script, no fork, no `killall -0 haproxy` that another HAProxy in the same PID namespace would satisfy.
/// </summary>
internal sealed class TcpPortHealthCheck(IPEndPoint endpoint, TimeSpan timeout) : IHaproxyProbe
{
    public TimeSpan Timeout => timeout;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, timeoutSource.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{endpoint} accepts connections");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{endpoint} did not accept a connection within the timeout of {timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy($"{endpoint}: {ex.SocketErrorCode}");
        }
    }
}
