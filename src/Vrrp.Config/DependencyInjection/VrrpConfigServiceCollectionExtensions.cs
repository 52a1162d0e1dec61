using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vrrp.Config;
using Vrrp.Config.DependencyInjection;
using Vrrp.Config.Options;
using Vrrp.Config.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="VrrpOptions"/> from a keepalived.conf or from .NET configuration, validated by <see cref="VrrpOptionsValidator"/>.</summary>
public static class VrrpConfigServiceCollectionExtensions
{
    /// <summary>Reads <see cref="VrrpOptions"/> from a keepalived.conf when they are first needed; errors in the file fail options validation.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="path">The keepalived.conf to read.</param>
    /// <param name="configureReader">Changes the reader settings (config id, limits, host checks), or <see langword="null"/>.</param>
    /// <returns>The options builder, for example to call <c>ValidateOnStart()</c>.</returns>
    public static OptionsBuilder<VrrpOptions> AddVrrpKeepalivedConfig(this IServiceCollection services, string path, Action<KeepalivedConfigReaderOptions>? configureReader = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var readerOptions = new KeepalivedConfigReaderOptions();
        configureReader?.Invoke(readerOptions);
        var setup = new KeepalivedConfigureOptions(path, readerOptions);
        services.AddSingleton<IConfigureOptions<VrrpOptions>>(setup);
        services.AddSingleton<IValidateOptions<VrrpOptions>>(setup);
        return AddValidatedOptions(services);
    }

    /// <summary>Binds <see cref="VrrpOptions"/> from .NET configuration (appsettings.json, environment variables) with the source-generated binder.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, for example <c>configuration.GetSection("Vrrp")</c>.</param>
    /// <returns>The options builder, for example to call <c>ValidateOnStart()</c>.</returns>
    public static OptionsBuilder<VrrpOptions> AddVrrpOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<VrrpOptions>(configuration);
        return AddValidatedOptions(services);
    }

    private static OptionsBuilder<VrrpOptions> AddValidatedOptions(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VrrpOptions>, VrrpOptionsValidator>());
        return services.AddOptions<VrrpOptions>();
    }
}
