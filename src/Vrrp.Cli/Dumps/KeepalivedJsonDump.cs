using System.Buffers;
using System.Text.Json;
using Vrrp.Instances;
using Vrrp.Packets;

namespace Vrrp.Cli.Dumps;

/// <summary>
/// keepalived.json (keepalived's JSON signal, <c>--signum=JSON</c>): keepalived's default <c>json_version 1</c> layout
/// (vrrp_json.c), an array of <c>{"data":{...},"stats":{...}}</c> per instance. <c>stats</c> has every field;
/// <c>data</c> has the fields whose values we know, under keepalived's names and types, and leaves out the ones we do
/// not keep (GARP timers, wantstate, strict mode, smtp, VMAC name, scripts); the password is masked.
/// </summary>
internal static class KeepalivedJsonDump
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<VrrpInstance> instances, DateTimeOffset now)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        foreach (VrrpInstance instance in instances)
        {
            VrrpInstanceStatus status = instance.GetStatus();
            json.WriteStartObject();
            WriteData(json, instance.Settings, status, now);
            WriteStats(json, KeepalivedStats.From(status));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteData(Utf8JsonWriter json, VrrpInstanceSettings settings, VrrpInstanceStatus status, DateTimeOffset now)
    {
        json.WriteStartObject("data");
        json.WriteString("iname", status.Name);
        json.WriteNumber("dont_track_primary", settings.FaultOnLinkDown ? 0 : 1);
        json.WriteNumber("skip_check_adv_addr", settings.CheckAdvertisementAddresses ? 0 : 1);
        if (settings.InterfaceName is { } name)
        {
            json.WriteString("ifp_ifname", name);
        }

        json.WriteNumber("master_priority", status.MasterPriority);
        json.WriteNumber("last_transition", Math.Round((now - status.TimeInState - DateTimeOffset.UnixEpoch).TotalSeconds, 6));
        json.WriteNumber("lower_prio_no_advert", settings.LowerPriorityNoAdvert ? 1 : 0);
        json.WriteNumber("higher_prio_send_advert", settings.HigherPrioritySendAdvert == true ? 1 : 0);
        json.WriteNumber("vrid", settings.VirtualRouterId);
        json.WriteNumber("base_priority", status.BasePriority);
        json.WriteNumber("effective_priority", status.EffectivePriority);
        json.WriteBoolean("vipset", status.OwnsVirtualAddresses);
        json.WriteNumber("adver_int", settings.AdvertInterval.TotalSeconds);
        json.WriteNumber("master_adver_int", status.MasterAdverInterval.TotalSeconds);
        json.WriteNumber("accept", settings.AcceptMode ? 1 : 0);
        json.WriteBoolean("nopreempt", !settings.Preempt);
        json.WriteNumber("preempt_delay", (long)settings.PreemptDelay.TotalSeconds);
        json.WriteNumber("state", KeepalivedStats.StateNumber(status.State));
        json.WriteNumber("version", (int)settings.Version);
        WriteAddresses(json, "vips", settings, status, excluded: false);
        WriteAddresses(json, "evips", settings, status, excluded: true);
        json.WriteNumber("auth_type", (int)settings.AuthType);
        if (settings.AuthType != VrrpAuthType.None)
        {
            json.WriteString("auth_data", "********");
        }

        json.WriteEndObject();
    }

    private static void WriteAddresses(Utf8JsonWriter json, string name, VrrpInstanceSettings settings, VrrpInstanceStatus status, bool excluded)
    {
        string[] lines = KeepalivedDataDump.AddressLines(settings, status, excluded);
        if (lines.Length > 0)
        {
            json.WriteStartArray(name);
            Array.ForEach(lines, json.WriteStringValue);
            json.WriteEndArray();
        }
    }

    private static void WriteStats(Utf8JsonWriter json, KeepalivedStats s)
    {
        json.WriteStartObject("stats");
        json.WriteNumber("advert_rcvd", s.AdvertReceived);
        json.WriteNumber("advert_sent", s.AdvertSent);
        json.WriteNumber("become_master", s.BecameMaster);
        json.WriteNumber("release_master", s.ReleasedMaster);
        json.WriteNumber("packet_len_err", s.PacketLengthErrors);
        json.WriteNumber("advert_interval_err", s.AdvertIntervalErrors);
        json.WriteNumber("ip_ttl_err", s.TtlErrors);
        json.WriteNumber("invalid_type_rcvd", s.InvalidTypeReceived);
        json.WriteNumber("addr_list_err", s.AddressListErrors);
        json.WriteNumber("invalid_authtype", s.InvalidAuthType);
        json.WriteNumber("authtype_mismatch", s.AuthTypeMismatch);
        json.WriteNumber("auth_failure", s.AuthFailure);
        json.WriteNumber("pri_zero_rcvd", s.PriorityZeroReceived);
        json.WriteNumber("pri_zero_sent", s.PriorityZeroSent);
        json.WriteEndObject();
    }
}
