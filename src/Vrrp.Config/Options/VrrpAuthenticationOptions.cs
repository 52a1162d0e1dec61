using Vrrp.Packets;

namespace Vrrp.Config.Options;

/// <summary>VRRPv2 authentication (keepalived's <c>authentication { auth_type auth_pass }</c>, RFC 3768 §5.3.6).</summary>
public sealed class VrrpAuthenticationOptions
{
    /// <summary>Gets or sets the authentication type: <see cref="VrrpAuthType.SimpleText"/> for keepalived's <c>PASS</c>, <see cref="VrrpAuthType.IpAuthenticationHeader"/> for <c>AH</c>.</summary>
    /// <value>The default is <see cref="VrrpAuthType.None"/>.</value>
    public VrrpAuthType Type { get; set; }

    /// <summary>Gets or sets the password (<c>auth_pass</c>), at most 8 characters.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Password { get; set; }
}
