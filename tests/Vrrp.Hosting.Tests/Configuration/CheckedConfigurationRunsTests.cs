using Vrrp.Config;
using Vrrp.Config.Validation;

namespace Vrrp.Hosting.Tests.Configuration;

/// <summary>
/// One rule set: what <see cref="VrrpOptionsValidator"/> passes, <see cref="InstanceSettingsFactory"/> maps without a
/// problem of its own (a config that check-config passes must start), for every keepalived.conf of the corpus.
/// </summary>
public sealed class CheckedConfigurationRunsTests
{
    [Fact]
    public void Corpus_EveryConfigurationWithoutErrors_MapsEveryInstance()
    {
        string[] files = Directory.GetFiles(RepositoryFiles.Find("tests", "config-corpus"), "*.conf");
        files.Should().NotBeEmpty();
        int mapped = 0;
        foreach (string file in files)
        {
            KeepalivedConfigResult result = KeepalivedConfigReader.Read(file);
            if (result.HasErrors)
            {
                continue;
            }

            VrrpHostPlan plan = InstanceSettingsFactory.Create(result.Validated);

            plan.Instances.Select(i => i.Name).Should().Equal(result.Options.Instances.Keys, file);
            mapped++;
        }

        mapped.Should().BeGreaterThan(10);
    }

    [Fact]
    public void Create_FromOptionsWithErrors_MapsOnlyTheInstancesWithout()
    {
        var options = new VrrpOptions();
        options.Instances["GOOD"] = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 1, VirtualIpAddresses = { new VirtualIpAddressOptions { Address = "10.0.0.1" } } };
        options.Instances["BAD"] = new VrrpInstanceOptions { Interface = "eth0", VirtualRouterId = 2, VirtualIpAddresses = { new VirtualIpAddressOptions { Address = "10.0.0.2" } }, MulticastDestinationAddress = "ff02::12" };

        VrrpHostPlan plan = InstanceSettingsFactory.Create(options);

        plan.Instances.Select(i => i.Name).Should().Equal("GOOD");
        plan.Diagnostics.Should().ContainSingle(d => d.OptionPath == "Instances:BAD:MulticastDestinationAddress");
    }
}
