using System.Text;

namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// One VRRP instance described once and rendered for either implementation: a keepalived <c>vrrp_instance</c> block
/// or <c>vrrp run</c> arguments. Both get one gratuitous ARP / NA burst on becoming master (garp_master_delay 0).
/// </summary>
internal sealed record InstanceSpec
{
    public required int VirtualRouterId { get; init; }

    public required int Priority { get; init; }

    public required IReadOnlyList<string> VirtualAddresses { get; init; }

    public int Version { get; init; } = 3;

    /// <summary>Gets the advertisement interval in seconds.</summary>
    public decimal AdvertInterval { get; init; } = 1m;

    public string? AuthPass { get; init; }

    public string? UnicastSource { get; init; }

    public IReadOnlyList<string> UnicastPeers { get; init; } = [];

    public string ToKeepalivedInstance(string name)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            vrrp_instance {{name}} {
                version {{Version}}
                state BACKUP
                interface eth0
                virtual_router_id {{VirtualRouterId}}
                priority {{Priority}}
                advert_int {{AdvertInterval}}

            """);
        if (AuthPass is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    authentication {{\n        auth_type PASS\n        auth_pass {AuthPass}\n    }}\n");
        }

        if (UnicastSource is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    unicast_src_ip {UnicastSource}\n");
        }

        if (UnicastPeers.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"    unicast_peer {{\n{string.Concat(UnicastPeers.Select(p => $"        {p}\n"))}    }}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"    virtual_ipaddress {{\n{string.Concat(VirtualAddresses.Select(a => $"        {a}\n"))}    }}\n}}\n");
        return text.ToString();
    }

    public string[] ToVrrpRunArguments()
    {
        List<string> arguments =
        [
            "-i", "eth0", "--vrid", VirtualRouterId.ToString(CultureInfo.InvariantCulture),
            "--priority", Priority.ToString(CultureInfo.InvariantCulture),
            "--version", Version.ToString(CultureInfo.InvariantCulture),
            "--advert-interval", AdvertInterval.ToString(CultureInfo.InvariantCulture),
            "--garp-master-delay", "0",
        ];
        foreach (string vip in VirtualAddresses)
        {
            arguments.AddRange(["--vip", vip]);
        }

        if (AuthPass is not null)
        {
            arguments.AddRange(["--auth-pass", AuthPass]);
        }

        if (UnicastSource is not null)
        {
            arguments.AddRange(["--unicast-src", UnicastSource]);
        }

        foreach (string peer in UnicastPeers)
        {
            arguments.AddRange(["--unicast-peer", peer]);
        }

        return [.. arguments];
    }
}
