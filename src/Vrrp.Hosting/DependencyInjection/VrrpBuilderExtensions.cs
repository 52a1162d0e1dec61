using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vrrp.Config;
using Vrrp.Config.Options;
using Vrrp.Hosting;
using Vrrp.Hosting.Binding;
using Vrrp.Hosting.Configuration;
using Vrrp.Hosting.Health;
using Vrrp.Platform;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the VRRP host: where the configuration comes from, the platform, and health checks both ways.</summary>
public static class VrrpBuilderExtensions
{
    /// <summary>
    /// Runs the instances of a keepalived.conf. The file is read when the host starts; errors in it fail the start with a
    /// <see cref="VrrpConfigurationException"/> listing every problem as <c>file:line:col: error: ...</c>. Without this, the
    /// host runs the <c>VrrpOptions</c> bound with <c>services.AddVrrpOptions(configuration.GetSection("Vrrp"))</c> or set with
    /// <see cref="Configure"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The keepalived.conf, e.g. <c>/etc/keepalived/keepalived.conf</c>.</param>
    /// <param name="configureReader">Changes the reader settings (config id for <c>@id</c> lines, limits), or null.</param>
    /// <returns>The builder.</returns>
    public static IVrrpBuilder AddKeepalivedConfig(this IVrrpBuilder builder, string path, Action<KeepalivedConfigReaderOptions>? configureReader = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var readerOptions = new KeepalivedConfigReaderOptions();
        configureReader?.Invoke(readerOptions);
        builder.Services.RemoveAll<KeepalivedConfigSource>();
        builder.Services.AddSingleton(new KeepalivedConfigSource(path, readerOptions));
        return builder;
    }

    /// <summary>
    /// Runs instances set in code: <paramref name="configure"/> fills <see cref="VrrpOptions"/> (the model a
    /// keepalived.conf and <c>AddVrrpOptions(section)</c> produce), and the host checks them with the same validator
    /// when it starts; errors fail the start with a <see cref="VrrpConfigurationException"/> naming each option path
    /// (<c>Instances:VI_1:Priority</c>). May be called more than once, and combined with <c>AddVrrpOptions</c>;
    /// a keepalived.conf added with <see cref="AddKeepalivedConfig"/> takes precedence over both.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adds instances, scripts and sync groups, or changes the global definitions.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddVrrp().Configure(vrrp =&gt;
    /// {
    ///     var instance = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 51, Priority = 150 };
    ///     instance.VirtualIpAddresses.Add(new VirtualIpAddressOptions { Address = "192.0.2.10/24" });
    ///     vrrp.Instances["VI_1"] = instance;
    /// }).UsePlatform(new LinuxVrrpPlatform());
    /// </code>
    /// </example>
    public static IVrrpBuilder Configure(this IVrrpBuilder builder, Action<VrrpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Plugs in the platform that opens transports and binders (Linux for the <c>vrrp</c> command, or your own).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="platform">The platform.</param>
    /// <returns>The builder.</returns>
    public static IVrrpBuilder UsePlatform(this IVrrpBuilder builder, IVrrpPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(platform);
        builder.Services.RemoveAll<IVrrpPlatform>();
        builder.Services.AddSingleton(platform);
        return builder;
    }

    /// <summary>Plugs in the platform, created from the service provider.</summary>
    /// <typeparam name="TPlatform">The platform type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IVrrpBuilder UsePlatform<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPlatform>(this IVrrpBuilder builder)
        where TPlatform : class, IVrrpPlatform
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IVrrpPlatform>();
        builder.Services.AddSingleton<IVrrpPlatform, TPlatform>();
        return builder;
    }

    /// <summary>
    /// Moves an instance's virtual addresses by running commands instead of binding them on the interface: where ARP
    /// takeover does not work (a cloud VPC moves an address through its API) or the platform cannot bind them.
    /// <paramref name="take"/> runs on becoming master, <paramref name="release"/> on leaving master and at stop, each
    /// retried with backoff (<see cref="VrrpVipCommandOptions"/>, checked by the rules of keepalived.conf's <c>vip_take_command</c> and its companions); <see cref="VrrpInstanceRegistry.GetBinding"/> and
    /// <see cref="VrrpInstanceRegistry.BindingChanged"/> report whether the move is requested or confirmed. Replaces
    /// commands the configuration gives the instance (<c>vip_take_command</c>). The platform must support a replaced
    /// binder (the <c>IVrrpPlatform.CreateRunner</c> overload that takes a binder; Linux does).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="instanceName">The instance, e.g. <c>VI_1</c>.</param>
    /// <param name="take">The command line that moves the addresses here (run without a shell, with <c>take INSTANCE INTERFACE VIP/LEN...</c> appended).</param>
    /// <param name="release">The command line that gives them up, or null for none.</param>
    /// <param name="configure">Sets the confirm command, timeout, retries, retry delay and local binding, or null.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddVrrp()
    ///     .AddKeepalivedConfig("/etc/keepalived/keepalived.conf")
    ///     .UseVipCommands("VI_1", "/usr/local/bin/move-eip", "/usr/local/bin/move-eip", o =&gt; o.Confirm = "/usr/local/bin/check-eip")
    ///     .UsePlatform(new LinuxVrrpPlatform());
    /// </code>
    /// </example>
    public static IVrrpBuilder UseVipCommands(this IVrrpBuilder builder, string instanceName, string take, string? release, Action<VrrpVipCommandOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(instanceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(take);
        var commands = new VrrpVipCommandOptions { Take = take, Release = release };
        configure?.Invoke(commands);
        builder.Services.AddSingleton(new VipCommandRegistration(instanceName, commands));
        return builder;
    }

    /// <summary>
    /// Tracks a registered health check (<c>services.AddHealthChecks().AddCheck("db", ...)</c>) as a tracked item of an
    /// instance: while it is unhealthy the instance's priority drops by |<paramref name="weight"/>| (or, with weight 0,
    /// the instance goes to fault), so the virtual address moves to a healthier node.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="instanceName">The instance, e.g. <c>VI_1</c>.</param>
    /// <param name="healthCheckName">The health check's registered name.</param>
    /// <param name="weight">The weight, -253 to 253 (0: fault while unhealthy).</param>
    /// <param name="configure">Sets rise, fall, interval and the rest, or null.</param>
    /// <returns>The builder.</returns>
    public static IVrrpBuilder AddHealthCheckTracking(this IVrrpBuilder builder, string instanceName, string healthCheckName, int weight, Action<VrrpHealthCheckTracking>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(healthCheckName);
        return builder.AddHealthCheckTracking(tracking =>
        {
            tracking.InstanceName = instanceName;
            tracking.HealthCheckName = healthCheckName;
            tracking.Weight = weight;
            configure?.Invoke(tracking);
        });
    }

    /// <summary>Tracks registered health checks, selected by name or tag, as a tracked item of an instance.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the instance, the check's name or tag, the weight and the rest.</param>
    /// <returns>The builder.</returns>
    public static IVrrpBuilder AddHealthCheckTracking(this IVrrpBuilder builder, Action<VrrpHealthCheckTracking> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var tracking = new VrrpHealthCheckTracking();
        configure(tracking);
        builder.Services.AddSingleton(tracking);
        return builder;
    }

    /// <summary>
    /// Registers <see cref="VrrpInstanceHealthCheck"/> with the application's health checks, for a <c>/health</c>
    /// endpoint: Unhealthy while an instance is in fault.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The health check's name.</param>
    /// <param name="instanceName">One instance, or null for all.</param>
    /// <param name="tags">Tags for filtering, or null.</param>
    /// <returns>The builder.</returns>
    public static IVrrpBuilder AddInstanceHealthCheck(this IVrrpBuilder builder, string name = "vrrp", string? instanceName = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name,
            services => new VrrpInstanceHealthCheck(services.GetRequiredService<VrrpInstanceRegistry>(), instanceName),
            HealthStatus.Unhealthy,
            tags));
        return builder;
    }
}
