namespace Vrrp;

/// <summary>
/// An <see cref="IVipBinder"/> that binds the virtual addresses with a lease (on Linux a kernel lifetime), which the
/// master keeps alive as it sends advertisements: a master that stops sending (killed, stopped, hung) loses its
/// addresses by itself. <see cref="Instances.VrrpInstance"/> calls <see cref="RenewLease"/> from its advertisement
/// path, never from a timer of its own, so a hung instance stops renewing.
/// </summary>
public interface IVipLeaseBinder
{
    /// <summary>
    /// Renews the lease of the instance's bound addresses when enough of it has run (the binder's policy); does nothing
    /// otherwise. Called before each advertisement the instance sends as master while it holds its addresses. Runs on
    /// the advertisement path: it must be quick and must not allocate.
    /// </summary>
    /// <param name="instance">The instance's settings.</param>
    void RenewLease(VrrpInstanceSettings instance);
}
