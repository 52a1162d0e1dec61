using System.Text;

namespace Vrrp.Config.Tests.Fuzzing;

/// <summary>
/// Random, mutated and pathological inputs: the reader never throws, never hangs (every case has a time bound),
/// and every problem it reports has a file, line and column. Seeded, so a failure can be replayed.
/// </summary>
public sealed class ConfigFuzzTests
{
    private static readonly string[] s_seeds =
    [
        "haproxy-master.conf", "sync-group.conf", "vip-options.conf", "definitions.conf",
        "multiline-definition.conf", "seq-instances.conf", "unicast.conf", "track-script-weight.conf",
    ];

    private const string Interesting = "{}{}\"\"'#!$${}@^~\\\n\n \t;/.:0123456789abcxyz_-";

    [Fact]
    public void Read_RandomBytes_NeverThrows_AndReportsGarbageWithPositions()
    {
        using var directory = new TempDirectory();
        var random = new Random(20261125);
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes = new byte[random.Next(1, 3000)];
            random.NextBytes(bytes);
            string path = directory.WriteBytes("random.conf", bytes);

            KeepalivedConfigResult result = KeepalivedConfigReader.Read(path);

            AssertPositioned(result, $"random input #{i}");
            if (result.Syntax.Count > 0)
            {
                result.IsClean.Should().BeFalse($"random input #{i} produced statements, which must be reported");
            }
        }

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Read_MutatedConfigurations_NeverThrow_AndEveryProblemIsPositioned()
    {
        var random = new Random(6);
        var stopwatch = Stopwatch.StartNew();
        int reported = 0;
        for (int i = 0; i < 2000; i++)
        {
            string seed = File.ReadAllText(ConfigCorpus.PathOf(s_seeds[i % s_seeds.Length]));
            string mutated = Mutate(seed, random);

            KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(mutated, Path.Combine(ConfigCorpus.Directory, "mutated.conf"));

            AssertPositioned(result, $"mutation #{i}:\n{mutated}");
            reported += result.IsClean ? 0 : 1;
        }

        reported.Should().BeGreaterThan(1000, "most random edits break a configuration, and they are reported");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("{\n")]
    [InlineData("vrrp_instance X {\n")]
    public void Read_100000RepeatedBraces_ReportsPositionedErrorsInBoundedTime(string unit)
    {
        string text = "vrrp_instance VI_1 " + string.Concat(Enumerable.Repeat(unit, 100_000));
        var stopwatch = Stopwatch.StartNew();

        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(text, "deep.conf");

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.IsClean.Should().BeFalse();
        result.Diagnostics.Count.Should().BeLessThanOrEqualTo(DiagnosticBag.DefaultLimit + 1);
        AssertPositioned(result, unit);
    }

    [Fact]
    public void Read_100000OpenBraces_ReportsTheNestingLimitAndTheMissingBraces()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("vrrp_instance VI_1 " + new string('{', 100_000), "deep.conf");

        result.Diagnostics.Should().Contain(d => d.Code == ConfigDiagnosticCodes.NestingTooDeep && d.Span!.Value.Line == 1);
        result.Diagnostics.Should().Contain(d => d.Code == ConfigDiagnosticCodes.MissingCloseBrace && d.Message.Contains("100000 blocks", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SeveralMegabyteConfiguration_IsReadInBoundedTime()
    {
        var text = new StringBuilder();
        const int Instances = 40_000;
        for (int i = 0; i < Instances; i++)
        {
            text.Append("vrrp_instance VI_").Append(i).Append(" {\n    state BACKUP\n    interface eth").Append(i / 255).Append("\n    virtual_router_id ")
                .Append((i % 255) + 1).Append("\n    priority 100\n    advert_int 1\n    virtual_ipaddress {\n        10.")
                .Append(i / 65536).Append('.').Append((i / 256) % 256).Append('.').Append(i % 256).Append("/32\n    }\n}\n");
        }

        using var directory = new TempDirectory();
        string path = directory.Write("huge.conf", text.ToString());
        new FileInfo(path).Length.Should().BeGreaterThan(5_000_000);
        var stopwatch = Stopwatch.StartNew();

        KeepalivedConfigResult result = KeepalivedConfigReader.Read(path);

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
        result.Diagnostics.Should().BeEmpty();
        result.Options.Instances.Should().HaveCount(Instances);
    }

    [Fact]
    public void Read_FourMegabyteLine_IsReportedShortened()
    {
        string text = new string('x', 4_000_000) + " {\n}\n";

        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(text, "line.conf");

        ConfigDiagnostic diagnostic = result.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.ToString().Length.Should().BeLessThan(400);
        diagnostic.Span!.Value.ToString().Should().Be("line.conf:1:1");
    }

    [Fact]
    public void Read_IncludeWithThousandsOfPathSegments_MatchesNothing()
    {
        string text = "include " + string.Concat(Enumerable.Repeat("*/", 50_000)) + "x.conf\n";

        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(text, Path.Combine(Path.GetTempPath(), "deep-glob.conf"));

        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(ConfigDiagnosticCodes.IncludeNotFound);
    }

    [Fact]
    public void Read_UnclosedBlockOfAHugeStatement_IsReportedShortened()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText("vrrp_instance " + new string('n', 1_000_000) + " {\n", "big.conf");

        result.Diagnostics.Should().Contain(d => d.Code == ConfigDiagnosticCodes.MissingCloseBrace)
            .And.OnlyContain(d => d.Message.Length < 100_000 || d.Code != ConfigDiagnosticCodes.MissingCloseBrace);
    }

    [Fact]
    public void Read_DefinitionBomb_IsStoppedWithAPositionedError()
    {
        var text = new StringBuilder("$A0=xxxxxxxxxxxxxxxx\n");
        for (int i = 1; i < 30; i++)
        {
            text.Append("$A").Append(i).Append('=').Append(string.Concat(Enumerable.Repeat($"$A{i - 1} ", 4))).Append('\n');
        }

        text.Append("router_id $A29\n");
        var stopwatch = Stopwatch.StartNew();

        KeepalivedConfigResult result = KeepalivedConfigReader.ReadText(text.ToString(), "bomb.conf");

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.Diagnostics.Should().ContainSingle(d => d.Code == ConfigDiagnosticCodes.ExpansionTooLarge)
            .Which.Span!.Value.Line.Should().Be(31);
    }

    private static void AssertPositioned(KeepalivedConfigResult result, string because)
    {
        foreach (ConfigDiagnostic diagnostic in result.Diagnostics)
        {
            diagnostic.Span.Should().NotBeNull($"every problem needs a position ({diagnostic}); {because}");
            diagnostic.Span!.Value.Line.Should().BePositive();
            diagnostic.Span!.Value.Column.Should().BePositive();
        }
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits && builder.Length > 0; e++)
        {
            int at = random.Next(builder.Length);
            switch (random.Next(6))
            {
                case 0:
                    builder.Remove(at, Math.Min(random.Next(1, 20), builder.Length - at));
                    break;
                case 1:
                    builder.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    builder.Insert(at, (char)random.Next(0, 0x3000));
                    break;
                case 3:
                    builder.Length = at;
                    break;
                case 4:
                    List<string> lines = builder.ToString().Split('\n').ToList();
                    int line = random.Next(lines.Count);
                    lines.Insert(random.Next(lines.Count), lines[line]);
                    builder.Clear().Append(string.Join('\n', lines));
                    break;
                default:
                    string[] tokens = ["include *", "~SEQ(N, 1, 9) ", "$X=", "${X}", "@^", "\\", "\"", "{ {", "} }", "0", "-1", "999999999999"];
                    builder.Insert(at, tokens[random.Next(tokens.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }
}
