namespace HaproxyFailover.Supervision;

/// <summary>Starts HAProxy, or finds the one already running.</summary>
internal interface IHaproxyLauncher
{
    /// <summary>Starts HAProxy as a child and records its pid file.</summary>
    /// <exception cref="InvalidOperationException">It could not be started (no such binary, ...).</exception>
    IHaproxyProcess Start();

    /// <summary>Returns the HAProxy named by the pid file when that process is alive (not a zombie) and is HAProxy; otherwise null.</summary>
    IHaproxyProcess? TryAdopt();
}
