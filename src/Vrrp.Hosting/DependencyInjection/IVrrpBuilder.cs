namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the VRRP host registered by <see cref="VrrpServiceCollectionExtensions.AddVrrp(IServiceCollection)"/>.</summary>
public interface IVrrpBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}
