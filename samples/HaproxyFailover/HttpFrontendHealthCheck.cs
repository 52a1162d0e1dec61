using System.Diagnostics;
using HaproxyFailover.Supervision;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaproxyFailover;

/// <summary>
/// Healthy while a GET on HAProxy's frontend (its <c>monitor-uri</c>, say) answers 2xx within the timeout: HAProxy
/// itself answers, not merely a process that exists. A new connection each time, so a hung HAProxy cannot hide behind
/// an open one; a check that runs past its timeout is unhealthy, and says so.
/// </summary>
internal sealed class HttpFrontendHealthCheck : IHaproxyProbe, IDisposable
{
    private readonly Uri _url;
    private readonly HttpClient _client;

    public HttpFrontendHealthCheck(Uri url, TimeSpan timeout)
    {
        _url = url;
        Timeout = timeout;
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the timeout below cancels, and is reported as such
        };
    }

    public TimeSpan Timeout { get; }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(Timeout);
        long started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        request.Headers.ConnectionClose = true;
        try
        {
            using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            string what = $"GET {_url}: {(int)response.StatusCode} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms";
            return response.IsSuccessStatusCode ? HealthCheckResult.Healthy(what) : HealthCheckResult.Unhealthy(what);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"GET {_url}: no answer within the timeout of {Timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"GET {_url}: {ex.HttpRequestError} ({ex.Message})");
        }
    }

    public void Dispose() => _client.Dispose();
}
