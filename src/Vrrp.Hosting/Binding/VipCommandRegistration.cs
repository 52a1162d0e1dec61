using Vrrp.Config.Options;

namespace Vrrp.Hosting.Binding;

/// <summary>VIP commands given to one instance in code (<c>UseVipCommands</c>); they replace the configuration's.</summary>
/// <param name="InstanceName">The instance.</param>
/// <param name="Commands">The commands.</param>
internal sealed record VipCommandRegistration(string InstanceName, VrrpVipCommandOptions Commands);
