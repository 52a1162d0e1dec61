using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Vrrp.Diagnostics;
using Vrrp.Hosting;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Control;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the VRRP host: every configured instance runs as long as the application does.</summary>
public static class VrrpServiceCollectionExtensions
{
    /// <summary>
    /// Adds the VRRP host (a hosted service that runs every configured instance, its tracked checks and notify hooks,
    /// and stops them cleanly on shutdown), <see cref="VrrpInstanceRegistry"/> and the <c>Vrrp</c> meter (<see cref="VrrpMetrics"/>, through the host's <see cref="IMeterFactory"/> when there is one). Configure it with the returned
    /// builder: <c>AddKeepalivedConfig</c>, <c>UsePlatform</c>, <c>AddHealthCheckTracking</c>, <c>AddInstanceHealthCheck</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    public static IVrrpBuilder AddVrrp(this IServiceCollection services) => services.AddVrrp(null);

    /// <summary>Adds the VRRP host with settings; see <see cref="AddVrrp(IServiceCollection)"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the host settings, or null.</param>
    /// <returns>The builder.</returns>
    public static IVrrpBuilder AddVrrp(this IServiceCollection services, Action<VrrpHostingOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<VrrpHostingOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddHealthChecks();
        services.TryAddSingleton<VrrpInstanceRegistry>();
        services.TryAddSingleton<VrrpHostController>();
        services.TryAddSingleton<VrrpConfigurationLoader>();
        services.TryAddSingleton(provider => new VrrpMetrics(provider.GetService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, VrrpHostedService>());
        return new VrrpBuilder(services);
    }
}
