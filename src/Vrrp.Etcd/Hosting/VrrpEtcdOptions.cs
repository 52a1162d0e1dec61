namespace Vrrp.Etcd.Hosting;

/// <summary>
/// Settings of a VRRP host that uses etcd (<c>AddVrrp().UseEtcd(...)</c>, <c>vrrp run --etcd</c>, or an appsettings
/// <c>"Vrrp:Etcd"</c> section): where etcd is, how to reach it (TLS, user), the lease timing, and the mode. Each
/// instance of the host campaigns in its own election, <see cref="ElectionPrefix"/><c>/</c><em>instance name</em>.
/// </summary>
public sealed class VrrpEtcdOptions
{
    /// <summary>The configuration section <c>vrrp run</c> binds (<c>Vrrp:Etcd</c> in appsettings.json).</summary>
    public const string SectionName = "Vrrp:Etcd";

    /// <summary>Gets the etcd client endpoints, e.g. <c>http://10.0.0.1:2379</c> or <c>https://etcd-1:2379</c>; all of one scheme.</summary>
    public IList<string> Endpoints { get; } = [];

    /// <summary>Gets or sets whether etcd alone elects the master, or VRRP does with etcd as a witness.</summary>
    /// <value>The default value is <see cref="EtcdMode.Alone"/>.</value>
    public EtcdMode Mode { get; set; } = EtcdMode.Alone;

    /// <summary>Gets or sets what a node does while it cannot reach etcd (<see cref="EtcdMode.Witness"/> only).</summary>
    /// <value>The default value is <see cref="EtcdUnreachableBehavior.KeepMaster"/>.</value>
    public EtcdUnreachableBehavior WhenUnreachable { get; set; } = EtcdUnreachableBehavior.KeepMaster;

    /// <summary>Gets or sets the key prefix of the elections: instance <c>VI_1</c> campaigns under <c>PREFIX/VI_1</c>.</summary>
    /// <value>The default value is <c>vrrp</c>.</value>
    public string ElectionPrefix { get; set; } = "vrrp";

    /// <summary>Gets or sets this node's value in the elections (what observers see as the leader), or null for the host name.</summary>
    public string? CandidateId { get; set; }

    /// <summary>Gets or sets the etcd lease TTL, whole seconds, at least 2 (docs/etcd.md, "Fencing arithmetic").</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often the lease is kept alive, or null for a quarter of <see cref="LeaseTtl"/>.</summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>Gets or sets how long before the lease can expire the leader gives up and removes the addresses, or null for a quarter of <see cref="LeaseTtl"/>.</summary>
    public TimeSpan? SafetyMargin { get; set; }

    /// <summary>
    /// Gets or sets the lowest effective priority (the instance's priority after its tracked checks' weights) at which
    /// an instance campaigns, or null for its configured priority: by default any failed check with a negative weight
    /// resigns, and a check with weight 0 (fault) always does.
    /// </summary>
    public int? MinimumPriority { get; set; }

    /// <summary>Gets or sets the CA bundle (PEM) that verifies the etcd servers' certificates (etcdctl's <c>--cacert</c>), or null for the system's.</summary>
    public string? CaCertFile { get; set; }

    /// <summary>Gets or sets the client certificate (PEM) for etcd's client-certificate authentication (etcdctl's <c>--cert</c>).</summary>
    public string? CertFile { get; set; }

    /// <summary>Gets or sets the client certificate's private key (PEM, etcdctl's <c>--key</c>).</summary>
    public string? KeyFile { get; set; }

    /// <summary>Gets or sets the etcd user (etcdctl's <c>--user</c>), or null without authentication.</summary>
    public string? User { get; set; }

    /// <summary>Gets or sets the user's password. Prefer <see cref="PasswordFile"/>: a password in a file is not on the command line or in the environment.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets a file whose first line is the user's password.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>
    /// Lists what is wrong with the options: endpoints that do not parse or mix schemes, TLS options without
    /// <c>https://</c> endpoints (or the reverse of a half pair), files that cannot be read, a user without a password,
    /// lease timing that cannot fence leadership.
    /// </summary>
    /// <returns>The problems; empty when the options can be used.</returns>
    public IReadOnlyList<EtcdOptionsProblem> GetProblems() => EtcdOptionsValidator.GetProblems(this);

    /// <summary>The election settings of one instance (its election name is <see cref="ElectionPrefix"/>/<paramref name="instanceName"/>); the password file is read here.</summary>
    /// <param name="instanceName">The instance, e.g. <c>VI_1</c>.</param>
    /// <returns>The settings.</returns>
    public EtcdElectionOptions ToElectionOptions(string instanceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceName);
        return new EtcdElectionOptions
        {
            Endpoints = [.. Endpoints],
            ElectionName = $"{ElectionPrefix.TrimEnd('/')}/{instanceName}",
            CandidateId = CandidateId ?? Environment.MachineName,
            LeaseTtl = LeaseTtl,
            KeepAliveInterval = KeepAliveInterval,
            SafetyMargin = SafetyMargin,
            CaCertFile = CaCertFile,
            CertFile = CertFile,
            KeyFile = KeyFile,
            User = User,
            Password = PasswordFile is { } file ? EtcdOptionsValidator.ReadPassword(file) : Password,
        };
    }
}
