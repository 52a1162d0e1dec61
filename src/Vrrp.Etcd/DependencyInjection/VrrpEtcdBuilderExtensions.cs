using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vrrp;
using Vrrp.Etcd.Hosting;
using Vrrp.Hosting.Configuration;
using Vrrp.Platform;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Elects the holder of each instance's addresses through etcd instead of VRRP on a LAN.</summary>
public static class VrrpEtcdBuilderExtensions
{
    private const string InnerPlatformKey = "Vrrp.Etcd.InnerPlatform";

    /// <summary>
    /// Elects the master of every instance through etcd (<see cref="VrrpEtcdOptions"/>; <see cref="EtcdMode.Alone"/>): each
    /// instance campaigns in the election <c>ElectionPrefix/NAME</c> with a lease of <c>LeaseTtl</c>, is master only while
    /// its lease is provably alive by its own clock, and binds its addresses with <paramref name="createBinder"/> (a
    /// kernel VIP lease, when the host uses one, is made short enough that a frozen leader loses its addresses before
    /// etcd can elect another). Everything else is as with VRRP: <see cref="Vrrp.Hosting.VrrpInstanceRegistry"/> (state,
    /// status, state stream), tracked checks (an instance resigns and stops campaigning while in fault or below
    /// <see cref="VrrpEtcdOptions.MinimumPriority"/>), notify hooks, VIP commands, metrics. <see cref="EtcdLeadership"/>
    /// adds etcd's side: leadership and a token cancelled the moment it ends. Call after <c>UsePlatform</c>: that
    /// platform keeps reporting tracked interfaces and applying scheduling settings. With
    /// <see cref="EtcdMode.Witness"/>, that platform runs VRRP on the LAN as without etcd, each instance's binder wrapped
    /// in an <see cref="Vrrp.Etcd.EtcdWitness"/>: an instance is master only while it holds its election's lease, and
    /// <see cref="VrrpEtcdOptions.WhenUnreachable"/> decides while etcd itself is down (<paramref name="createBinder"/> is
    /// not used; docs/etcd.md, "Witness mode"). Invalid options fail the host's start
    /// with a <see cref="VrrpConfigurationException"/> naming each option.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the endpoints, lease, TLS, user and mode.</param>
    /// <param name="createBinder">Creates the binder of one instance from its settings and the announcement settings (with the etcd-safe VIP lease).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddVrrp().Configure(vrrp =&gt; ...)
    ///     .UsePlatform(new LinuxVrrpPlatform())
    ///     .UseEtcd(etcd =&gt;
    ///     {
    ///         etcd.Endpoints.Add("http://10.0.0.1:2379");
    ///         etcd.LeaseTtl = TimeSpan.FromSeconds(5);
    ///     }, (instance, announcement) =&gt; LinuxVipBinder.Open(instance.InterfaceName!, lease: announcement.VipLeaseDuration));
    /// </code>
    /// </example>
    public static IVrrpBuilder UseEtcd(this IVrrpBuilder builder, Action<VrrpEtcdOptions> configure, Func<VrrpInstanceSettings, VrrpAnnouncementSettings, IVipBinder> createBinder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(createBinder);
        IServiceCollection services = builder.Services;
        services.Configure(configure);
        services.TryAddSingleton<EtcdLeadership>();

        // The platform registered so far (UsePlatform) stays the inner one, re-registered under a key (no reflection: AOT).
        ServiceDescriptor? previous = services.LastOrDefault(d => d.ServiceType == typeof(IVrrpPlatform) && !d.IsKeyedService);
        services.RemoveAll<IVrrpPlatform>();
        services.RemoveAllKeyed<IVrrpPlatform>(InnerPlatformKey);
        if (Keyed(previous) is { } inner)
        {
            services.Add(inner);
        }

        services.AddSingleton<IVrrpPlatform>(provider =>
        {
            VrrpEtcdOptions options = provider.GetRequiredService<IOptions<VrrpEtcdOptions>>().Value;
            IReadOnlyList<EtcdOptionsProblem> problems = options.GetProblems();
            if (problems.Count > 0)
            {
                throw new VrrpConfigurationException([.. problems.Select(p => $"etcd: {p}")]);
            }

            return new EtcdVrrpPlatform(
                options,
                provider.GetKeyedService<IVrrpPlatform>(InnerPlatformKey),
                createBinder,
                provider.GetRequiredService<EtcdLeadership>(),
                provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
                provider.GetService<TimeProvider>() ?? TimeProvider.System);
        });
        return builder;
    }

    private static ServiceDescriptor? Keyed(ServiceDescriptor? descriptor) => descriptor switch
    {
        { ImplementationInstance: { } instance } => ServiceDescriptor.KeyedSingleton(typeof(IVrrpPlatform), InnerPlatformKey, instance),
        { ImplementationFactory: { } factory } => ServiceDescriptor.KeyedSingleton(typeof(IVrrpPlatform), InnerPlatformKey, (provider, _) => factory(provider)),
        { ImplementationType: { } type } => ServiceDescriptor.KeyedSingleton(typeof(IVrrpPlatform), InnerPlatformKey, type),
        _ => null,
    };
}
