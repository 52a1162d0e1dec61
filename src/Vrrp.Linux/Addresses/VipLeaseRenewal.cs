namespace Vrrp.Linux.Addresses;

/// <summary>
/// A prebuilt lease renewal (<see cref="LinuxVipBinder.CreateRenewal"/>): the RTM_NEWADDR requests with their
/// lifetime and room for their acknowledgements, so that a renewal on the advert path allocates nothing.
/// </summary>
internal sealed class VipLeaseRenewal(int count, int capacity)
{
    public byte[] Requests { get; } = new byte[capacity];

    public int Length { get; set; }

    public int[] Errors { get; } = new int[count];

    public string?[] Texts { get; } = new string?[count];

    /// <summary>Gets or sets the <see cref="System.TimeProvider"/> timestamp of the last renewal (or of the add).</summary>
    public long RenewedAt { get; set; }
}
