namespace Vrrp.Cli.Status;

/// <summary>An instance's counters in the status file (see <see cref="Instances.VrrpCounters"/>).</summary>
internal sealed record StatusCounters
{
    public long AdvertsSent { get; init; }

    public long AdvertsReceived { get; init; }

    public long PriorityZeroSent { get; init; }

    public long PriorityZeroReceived { get; init; }

    public long Transitions { get; init; }

    public long BecameMaster { get; init; }

    public long SendErrors { get; init; }

    public long BinderErrors { get; init; }

    public long UnicastSourceMismatches { get; init; }

    public long AddressListMismatches { get; init; }

    public string? LastAddressListMismatchSource { get; init; }
}
