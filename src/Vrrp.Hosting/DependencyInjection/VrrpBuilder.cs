namespace Microsoft.Extensions.DependencyInjection;

internal sealed class VrrpBuilder(IServiceCollection services) : IVrrpBuilder
{
    public IServiceCollection Services { get; } = services;
}
