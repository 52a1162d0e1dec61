using System.Text;
using BenchmarkDotNet.Attributes;
using Vrrp.Config;

namespace Vrrp.Benchmarks.Config;

/// <summary>
/// Reading a keepalived.conf with 1,000 vrrp_instance blocks (about 20,000 lines): preprocessing, lexing, parsing,
/// binding to VrrpOptions and validation. Users run keepalived with more than 1,000 instances.
/// </summary>
[MemoryDiagnoser]
public class ConfigParsingBenchmarks
{
    private const int Instances = 1000;

    private string _text = string.Empty;
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        text.Append("global_defs {\n    router_id lb1\n    enable_script_security\n    script_user root\n}\n\n");
        text.Append("vrrp_script chk_haproxy {\n    script \"killall -0 haproxy\"\n    interval 2\n    weight -4\n}\n\n");
        for (int i = 0; i < Instances; i++)
        {
            int vrid = (i % 255) + 1;
            text.Append("vrrp_instance VI_").Append(i).Append(" {\n")
                .Append("    state BACKUP\n")
                .Append("    interface eth").Append(i / 255).Append('\n')
                .Append("    virtual_router_id ").Append(vrid).Append('\n')
                .Append("    priority 100\n")
                .Append("    advert_int 1\n")
                .Append("    authentication {\n        auth_type PASS\n        auth_pass 1111\n    }\n")
                .Append("    virtual_ipaddress {\n")
                .Append("        10.").Append(i / 256).Append('.').Append(i % 256).Append(".1/24 dev eth").Append(i / 255).Append(" label eth").Append(i / 255).Append(":vip\n")
                .Append("        10.").Append(i / 256).Append('.').Append(i % 256).Append(".2/24\n")
                .Append("    }\n")
                .Append("    track_script {\n        chk_haproxy\n    }\n")
                .Append("}\n\n");
        }

        _text = text.ToString();
        _path = Path.Combine(Path.GetTempPath(), "vrrp-bench-" + Guid.NewGuid().ToString("N") + ".conf");
        File.WriteAllText(_path, _text);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "Read 1,000 instances from a file")]
    public int ReadFile() => Check(KeepalivedConfigReader.Read(_path));

    [Benchmark(Description = "Read 1,000 instances from text")]
    public int ReadText() => Check(KeepalivedConfigReader.ReadText(_text));

    private static int Check(KeepalivedConfigResult result) =>
        result.Options.Instances.Count == Instances && !result.HasErrors ? result.Options.Instances.Count : throw new InvalidOperationException("unexpected result");
}
