namespace Vrrp.Config.Tests;

/// <summary>
/// The example of src/Vrrp.Config/README.md, line for line, so a change to the API that breaks it fails here. Only the
/// usings (global in this project) and the asserts differ. Change the README when you change the example here.
/// </summary>
public sealed class PackageReadmeExampleTests
{
    [Fact]
    public void VrrpConfigReadme_ReadAndValidate_ReportsTheBadInstanceAndMapsTheGoodOne()
    {
        // --- src/Vrrp.Config/README.md
        // KeepalivedConfigReader.Read("/etc/keepalived/keepalived.conf") reads a file and its includes the same way.
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("""
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 100
                unicast_src_ip 10.0.0.2
                unicast_peer {
                    10.0.0.1
                }
                virtual_ipaddress {
                    10.0.0.100/24
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 300
                priority 100
                virtual_ipaddress {
                    10.0.1.100/24
                }
            }
            """);

        // keepalived.conf:16:23: error: virtual_router_id `300` is not valid: it must be a number from 1 to 255; ... [VC3003]
        // keepalived.conf:16:23: error: vrrp_instance VI_2 has no virtual_router_id (add `virtual_router_id N` ...) [VC4001]
        foreach (ConfigDiagnostic problem in result.Diagnostics)
        {
            Console.WriteLine(problem);
        }

        // VI_1: VRRPv2 from 10.0.0.2 to 10.0.0.1, VIP 10.0.0.100/24 (v2 is keepalived's default for IPv4)
        foreach (ValidatedInstance instance in result.Validated.Instances)
        {
            Console.WriteLine($"{instance.Name}: VRRPv{(int)instance.Version} from {instance.PrimaryAddress} " +
                $"to {string.Join(", ", instance.UnicastPeers)}, VIP {string.Join(", ", instance.VirtualAddresses)}");
        }
        // ---

        result.HasErrors.Should().BeTrue();
        result.Diagnostics.Select(d => d.ToString()).Should().Equal(
            "keepalived.conf:16:23: error: virtual_router_id `300` is not valid: it must be a number from 1 to 255; the instance cannot run without one [VC3003]",
            "keepalived.conf:16:23: error: vrrp_instance VI_2 has no virtual_router_id (add `virtual_router_id N` with N from 1 to 255, the same on every node of the pair) [VC4001]");
        ValidatedInstance vi1 = result.Validated.Instances.Should().ContainSingle().Which;
        vi1.Name.Should().Be("VI_1");
        vi1.Version.Should().Be(Vrrp.Packets.VrrpVersion.V2);
        vi1.PrimaryAddress.ToString().Should().Be("10.0.0.2");
        vi1.UnicastPeers.Select(a => a.ToString()).Should().Equal("10.0.0.1");
        vi1.VirtualAddresses.Select(a => a.ToString()).Should().Equal("10.0.0.100/24");
    }
}
