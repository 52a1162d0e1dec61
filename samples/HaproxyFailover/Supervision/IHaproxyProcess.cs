namespace HaproxyFailover.Supervision;

/// <summary>One running HAProxy, started by the host or adopted from its pid file.</summary>
internal interface IHaproxyProcess : IDisposable
{
    /// <summary>Gets the process id.</summary>
    int Id { get; }

    /// <summary>
    /// Gets a task that completes, with a description ("exit code 1", "killed by signal 9"), as soon as the process has
    /// ended. A zombie (ended, not yet reaped by its parent) has ended.
    /// </summary>
    Task<string> Exited { get; }

    /// <summary>Asks the process to stop (SIGTERM).</summary>
    void Stop();
}
