using System.Globalization;
using Vrrp.Instances;

namespace Vrrp.Cli.Dumps;

/// <summary>keepalived.stats (SIGUSR2), line for line in keepalived 2.2's layout (vrrp_print.c), one block per instance.</summary>
internal static class KeepalivedStatsDump
{
    public static void Write(TextWriter output, IReadOnlyList<VrrpInstance> instances)
    {
        foreach (VrrpInstance instance in instances)
        {
            KeepalivedStats s = KeepalivedStats.From(instance.GetStatus());
            output.Write(string.Create(CultureInfo.InvariantCulture, $"""
                VRRP Instance: {instance.Name}
                  Advertisements:
                    Received: {s.AdvertReceived}
                    Sent: {s.AdvertSent}
                  Became master: {s.BecameMaster}
                  Released master: {s.ReleasedMaster}
                  Packet Errors:
                    Length: {s.PacketLengthErrors}
                    TTL: {s.TtlErrors}
                    Invalid Type: {s.InvalidTypeReceived}
                    Advertisement Interval: {s.AdvertIntervalErrors}
                    Address List: {s.AddressListErrors}
                  Authentication Errors:
                    Invalid Type: {s.InvalidAuthType}
                    Type Mismatch: {s.AuthTypeMismatch}
                    Failure: {s.AuthFailure}
                  Priority Zero:
                    Received: {s.PriorityZeroReceived}
                    Sent: {s.PriorityZeroSent}

                """));
        }
    }
}
