namespace HaproxyFailover;

/// <summary>
/// The "Haproxy" section: how the host runs HAProxy, checks it, and when it gives up the VIP. Every timeout is explicit
/// here and reported in the log when it fires; a timed-out check is a failed check.
/// </summary>
internal sealed class HaproxyOptions
{
    /// <summary>Gets or sets the HAProxy binary.</summary>
    public string Executable { get; set; } = "/usr/sbin/haproxy";

    /// <summary>Gets or sets HAProxy's configuration file (passed with <c>-f</c>).</summary>
    public string ConfigFile { get; set; } = "/etc/haproxy/haproxy.cfg";

    /// <summary>
    /// Gets or sets the pid file: written when the host starts HAProxy, read at start-up to adopt an HAProxy that is
    /// still running (after the host was restarted or killed).
    /// </summary>
    public string PidFile { get; set; } = "/run/haproxy-failover/haproxy.pid";

    /// <summary>Gets or sets the VRRP instance HAProxy's health moves; null: the configuration's only instance.</summary>
    public string? Instance { get; set; }

    /// <summary>
    /// Gets or sets the frontend check: <c>http://HOST:PORT/PATH</c> (a GET that must answer 2xx, e.g. HAProxy's
    /// <c>monitor-uri</c>) or <c>tcp://HOST:PORT</c> (the port accepts a connection).
    /// </summary>
    public string HealthUrl { get; set; } = "http://127.0.0.1:80/healthz";

    /// <summary>Gets or sets how often the frontend is checked.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets how long one frontend check may take; past it the check has failed.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets how many failed frontend checks in a row take the node out (weight 0: Fault, priority-0 advert).</summary>
    public int Fall { get; set; } = 2;

    /// <summary>Gets or sets how many passing frontend checks in a row bring the node back.</summary>
    public int Rise { get; set; } = 3;

    /// <summary>Gets or sets how long a started HAProxy has to accept connections on the frontend before the start counts as failed.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets or sets how many exits within <see cref="CrashWindow"/> are restarted; one more and the host gives up the VIP.</summary>
    public int MaxCrashes { get; set; } = 3;

    /// <summary>Gets or sets the window in which <see cref="MaxCrashes"/> counts exits.</summary>
    public TimeSpan CrashWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how often, after giving up, the host tries to start HAProxy again (and rejoins when it runs).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets how often the configuration file is looked at; when it has changed, <c>haproxy -c</c> checks it, and
    /// while it fails, an exit of HAProxy gives up the VIP at once instead of trying a start that would fail.
    /// </summary>
    public TimeSpan ConfigCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets whether stopping the host stops HAProxy too. Off by default: the VIP moves to the other node anyway,
    /// and a host that starts again adopts the running HAProxy by its pid file.
    /// </summary>
    public bool StopOnShutdown { get; set; }

    /// <summary>The tracked item (and health check) that reports the supervisor's state.</summary>
    public const string ProcessCheckName = "haproxy";

    /// <summary>The tracked item (and health check) that checks the frontend.</summary>
    public const string FrontendCheckName = "haproxy-frontend";
}
