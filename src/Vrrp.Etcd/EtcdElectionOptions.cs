namespace Vrrp.Etcd;

/// <summary>
/// Settings of an <see cref="EtcdElection"/>: where etcd is, which election to join, and the lease timing that decides
/// how long a leader that lost etcd keeps leadership (docs/etcd.md, "Fencing arithmetic").
/// </summary>
public sealed class EtcdElectionOptions
{
    /// <summary>Gets or sets the etcd client endpoints, for example <c>http://10.0.0.1:2379</c>. At least one.</summary>
    public IList<string> Endpoints { get; init; } = [];

    /// <summary>Gets or sets the election's name: the etcd key prefix every candidate of one VIP campaigns under.</summary>
    public string ElectionName { get; set; } = "vrrp";

    /// <summary>Gets or sets this candidate's value in the election (shown as the leader to observers).</summary>
    public string CandidateId { get; set; } = Environment.MachineName;

    /// <summary>
    /// Gets or sets the etcd lease TTL (whole seconds, at least 2): how long after the last keep-alive etcd deletes the
    /// leader's key so that another candidate is elected. Default 5 s.
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often the lease is kept alive. Default: a quarter of <see cref="LeaseTtl"/>.</summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>
    /// Gets or sets how long before the lease can expire on the server the leader gives leadership up (and removes the
    /// VIP): it covers timer lateness and the time to remove the addresses. Default: a quarter of
    /// <see cref="LeaseTtl"/>. Must be less than <see cref="LeaseTtl"/> minus <see cref="KeepAliveInterval"/>.
    /// </summary>
    public TimeSpan? SafetyMargin { get; set; }

    /// <summary>Gets or sets the pause before campaigning again after an error or a lost lease. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the CA bundle (PEM) that verifies the servers of <c>https://</c> endpoints, or null for the system's.</summary>
    public string? CaCertFile { get; set; }

    /// <summary>Gets or sets the client certificate (PEM) presented to <c>https://</c> endpoints, or null for none.</summary>
    public string? CertFile { get; set; }

    /// <summary>Gets or sets the client certificate's private key (PEM); needed with <see cref="CertFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Gets or sets the etcd user, or null without authentication.</summary>
    public string? User { get; set; }

    /// <summary>Gets or sets the user's password.</summary>
    public string? Password { get; set; }

    /// <summary>Gets the keep-alive interval in effect.</summary>
    public TimeSpan EffectiveKeepAliveInterval => KeepAliveInterval ?? LeaseTtl / 4;

    /// <summary>Gets the safety margin in effect.</summary>
    public TimeSpan EffectiveSafetyMargin => SafetyMargin ?? LeaseTtl / 4;

    /// <summary>Throws when the settings cannot fence leadership (see docs/etcd.md).</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Endpoints.Count == 0)
        {
            throw new ArgumentException("at least one etcd endpoint is needed", nameof(Endpoints));
        }

        foreach (string endpoint in Endpoints)
        {
            if (!EtcdEndpoint.TryParse(endpoint, out _, out string? error))
            {
                throw new ArgumentException(error, nameof(Endpoints));
            }
        }

        if ((CertFile is null) != (KeyFile is null))
        {
            throw new ArgumentException("a client certificate needs both the certificate and its key", nameof(CertFile));
        }

        if ((User is null) != (Password is null))
        {
            throw new ArgumentException("authentication needs both the user and the password", nameof(User));
        }

        if (string.IsNullOrWhiteSpace(ElectionName))
        {
            throw new ArgumentException("the election name is empty", nameof(ElectionName));
        }

        if (LeaseTtl < TimeSpan.FromSeconds(2) || LeaseTtl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"the lease TTL must be whole seconds, at least 2 (got {LeaseTtl})", nameof(LeaseTtl));
        }

        if (EffectiveKeepAliveInterval <= TimeSpan.Zero || EffectiveSafetyMargin <= TimeSpan.Zero)
        {
            throw new ArgumentException("the keep-alive interval and the safety margin must be positive");
        }

        if (EffectiveSafetyMargin + EffectiveKeepAliveInterval >= LeaseTtl)
        {
            throw new ArgumentException(
                $"safety margin {EffectiveSafetyMargin} + keep-alive interval {EffectiveKeepAliveInterval} must be less than the lease TTL {LeaseTtl}, or a healthy leader would give up between two keep-alives");
        }
    }
}
