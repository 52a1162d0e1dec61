using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vrrp.Etcd.Hosting;
using Vrrp.Linux;
using Vrrp.Linux.Addresses;

namespace Vrrp.Cli.Hosting;

/// <summary><c>vrrp run --etcd ...</c>: the instances are elected through etcd and bind their addresses with the Linux binder.</summary>
internal static class EtcdRun
{
    /// <summary>
    /// Reads the application settings as the generic host of <c>vrrp run</c> does (appsettings.json and
    /// appsettings.ENVIRONMENT.json in the current directory, then environment variables), before the host starts, so
    /// that etcd settings with errors stop <c>vrrp run</c> before anything is opened.
    /// </summary>
    public static IConfigurationSection AppSettings()
    {
        string environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        IConfigurationRoot configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return configuration.GetSection(VrrpEtcdOptions.SectionName);
    }

    /// <summary>Elects every instance through etcd with <paramref name="etcd"/>; the Linux binder moves the addresses (with the etcd-safe VIP lease).</summary>
    [SupportedOSPlatform("linux")]
    public static void Use(IVrrpBuilder vrrp, VrrpEtcdOptions etcd) => vrrp.UseEtcd(
        options => CopyTo(etcd, options),
        (instance, announcement) => LinuxVipBinder.Open(
            instance.InterfaceName ?? throw new ArgumentException($"{instance.Name}: no interface", nameof(instance)),
            new LinuxAnnouncementOptions { Schedule = announcement },
            lease: announcement.UseVipLease ? announcement.VipLeaseDuration : null));

    private static void CopyTo(VrrpEtcdOptions from, VrrpEtcdOptions to)
    {
        foreach (string endpoint in from.Endpoints)
        {
            to.Endpoints.Add(endpoint);
        }

        to.Mode = from.Mode;
        to.WhenUnreachable = from.WhenUnreachable;
        to.ElectionPrefix = from.ElectionPrefix;
        to.CandidateId = from.CandidateId;
        to.LeaseTtl = from.LeaseTtl;
        to.KeepAliveInterval = from.KeepAliveInterval;
        to.SafetyMargin = from.SafetyMargin;
        to.MinimumPriority = from.MinimumPriority;
        to.CaCertFile = from.CaCertFile;
        to.CertFile = from.CertFile;
        to.KeyFile = from.KeyFile;
        to.User = from.User;
        to.Password = from.Password;
        to.PasswordFile = from.PasswordFile;
    }
}
