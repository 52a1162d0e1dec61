using Vrrp.Linux.Netlink;

namespace Vrrp.Linux.Addresses;

/// <summary>
/// A prebuilt lease renewal (<see cref="NetlinkAddresses.CreateRenewal"/>, sent by <see cref="NetlinkAddresses.Renew"/>): one RTM_NEWADDR with NLM_F_REPLACE and
/// the lifetime per address, with room for their acknowledgements, so that a renewal on the advert path allocates
/// nothing.
/// </summary>
internal sealed class VipLeaseRenewal
{
    private readonly byte[] _requests;
    private readonly int _length;
    private readonly int[] _errors;
    private readonly string?[] _texts;

    /// <summary>Writes the requests of <paramref name="addresses"/>, each on the interface of the same position in <paramref name="indexes"/>.</summary>
    /// <remarks>Arrays, not a list of tuples: this runs on the takeover path, where a first-time generic instantiation costs a JIT.</remarks>
    public VipLeaseRenewal(VrrpVirtualAddress[] addresses, int[] indexes, LinuxAddressScope scope, uint lifetimeSeconds)
    {
        Addresses = addresses;
        _requests = new byte[addresses.Length * AddressRequest.Length];
        _errors = new int[addresses.Length];
        _texts = new string?[addresses.Length];
        for (int i = 0; i < addresses.Length; i++)
        {
            NetlinkMessageWriter request = AddressRequest.Write(_requests.AsSpan(_length, AddressRequest.Length), Interop.RTM_NEWADDR, Interop.NLM_F_CREATE | Interop.NLM_F_REPLACE, addresses[i], indexes[i], AddressRequest.ScopeOf(addresses[i], scope), lifetimeSeconds);
            _length += request.Finish(0).Length;
        }
    }

    /// <summary>Gets the addresses renewed.</summary>
    public IReadOnlyList<VrrpVirtualAddress> Addresses { get; }

    /// <summary>Gets or sets the <see cref="System.TimeProvider"/> timestamp of the last renewal (or of the add).</summary>
    public long RenewedAt { get; set; }

    /// <summary>Sends the requests as one batch and waits for the acknowledgements; allocates only to report an error.</summary>
    /// <exception cref="NetlinkException">The kernel refused to renew an address.</exception>
    public void Send(NetlinkSocket netlink)
    {
        if (_errors.Length == 0)
        {
            return;
        }

        netlink.TransactBatch(_requests.AsSpan(0, _length), _errors, _texts);
        for (int i = 0; i < _errors.Length; i++)
        {
            if (_errors[i] != 0)
            {
                throw NetlinkException.ForChange("renewing the lease of a virtual address", _errors[i], _texts[i]);
            }
        }
    }
}
