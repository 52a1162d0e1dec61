namespace HaproxyFailover.Supervision;

/// <summary>Checks HAProxy's configuration file the way a start would read it (<c>haproxy -c</c>).</summary>
internal interface IHaproxyConfigCheck
{
    /// <summary>Gets a stamp of the file (last write time and length) that changes when the file does; null when it is missing.</summary>
    string? Stamp();

    /// <summary>Checks the file.</summary>
    /// <returns>Null when HAProxy accepts it; otherwise what HAProxy said (its first alert).</returns>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
