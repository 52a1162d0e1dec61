using Vrrp.Config.Tests.TestSupport;

namespace Vrrp.Config.Tests.Preprocessing;

public sealed class KeepalivedPreprocessorTests
{
    private static List<string> Texts(string text, KeepalivedConfigReaderOptions? options = null) =>
        Pipeline.Preprocess(text, options).Lines.Select(l => l.Text).ToList();

    [Fact]
    public void Process_HashAndBangComments_AreRemovedButKeptInsideQuotes()
    {
        Texts("router_id a # comment\nscript \"x # y ! z\" ! comment\n! whole line\n   # indented\n")
            .Should().Equal("router_id a", "script \"x # y ! z\"");
    }

    [Fact]
    public void Process_EscapedHashOutsideQuotes_IsALiteralHash()
    {
        Texts("auth_pass a\\#b\n").Should().Equal("auth_pass a#b");
    }

    [Fact]
    public void Process_LeadingBlanksRemoved_ColumnStillPointsIntoTheOriginalLine()
    {
        SourceLine line = Pipeline.Preprocess("\n      priority 100\n").Lines.Single();

        line.Text.Should().Be("priority 100");
        line.Line.Should().Be(2);
        line.Column.Should().Be(7);
    }

    [Fact]
    public void Process_Definitions_AreReplacedInBothForms_AndUnknownNamesStay()
    {
        Texts("$IFACE=eth0\n$VRID = 51\ninterface $IFACE\nvirtual_router_id ${VRID}\nnotify \"$UNKNOWN x\"\n")
            .Should().Equal("interface eth0", "virtual_router_id 51", "notify \"$UNKNOWN x\"");
    }

    [Fact]
    public void Process_DefinitionUsingADefinition_IsExpandedRecursively()
    {
        Texts("$NET=192.168.1\n$VIP=${NET}.100\nvirtual $VIP\n").Should().Equal("virtual 192.168.1.100");
    }

    [Fact]
    public void Process_MultilineDefinition_BecomesSeveralLines()
    {
        Texts("$COMMON=interface eth0 \\\n    advert_int 1 \\\n    priority 100\nstate BACKUP\n$COMMON\n")
            .Should().Equal("state BACKUP", "interface eth0", "advert_int 1", "priority 100");
    }

    [Fact]
    public void Process_BuiltIns_InstanceEnvHashAndBang()
    {
        var options = new KeepalivedConfigReaderOptions
        {
            ConfigId = "node-a",
            GetEnvironmentVariable = name => name == "VRRP_IFACE" ? "bond0" : null,
        };

        // As in keepalived, the expanded line is decommented again: a bare ${_HASH} starts a comment, a quoted one stays.
        Texts("router_id ${_INSTANCE}\ninterface ${_ENV VRRP_IFACE}\nx ${_ENV MISSING_VAR}y\nz \"${_HASH}${_BANG}\" ${_HASH} gone\n", options)
            .Should().Equal("router_id node-a", "interface bond0", "x y", "z \"#!\"");
    }

    [Fact]
    public void Process_SelfReferencingDefinition_IsAnErrorNotAHang()
    {
        (List<SourceLine> lines, List<ConfigDiagnostic> diagnostics) = Pipeline.Preprocess("$A=x$A\nvalue $A\n");

        lines.Should().BeEmpty();
        diagnostics.Should().ContainSingle().Which.Should().Match<ConfigDiagnostic>(d =>
            d.Code == ConfigDiagnosticCodes.ExpansionTooLarge && d.Severity == ConfigDiagnosticSeverity.Error && d.Span!.Value.Line == 2);
    }

    [Fact]
    public void Process_MultilineDefinitionThatProducesItself_IsAnErrorNotAStackOverflow()
    {
        (List<SourceLine> lines, List<ConfigDiagnostic> diagnostics) = Pipeline.Preprocess("$X=a \\\n$X\n\nuse $X\n");

        lines.Count.Should().BeLessThan(40);
        diagnostics.Should().ContainSingle().Which.Should().Match<ConfigDiagnostic>(d =>
            d.Code == ConfigDiagnosticCodes.ExpansionTooLarge && d.Severity == ConfigDiagnosticSeverity.Error && d.Span!.Value.Line == 4);
    }

    [Fact]
    public void Process_Seq_RepeatsTheLineForEachValue()
    {
        Texts("~SEQ(N, 1, 3) virtual_router_id $N\n~SEQ(N, 10, -5, 0) p ${N}\n~SEQx(N, 9, 11) h $N\n~SEQ(N, 2) two $N\n")
            .Should().Equal(
                "virtual_router_id 1", "virtual_router_id 2", "virtual_router_id 3",
                "p 10", "p 5", "p 0",
                "h 9", "h a", "h b",
                "two 1", "two 2");
    }

    [Fact]
    public void Process_SeqWithAMultilineDefinition_GeneratesWholeBlocks()
    {
        Texts("$I= \\\nvrrp_instance VI_${N} { \\\n  virtual_router_id ${N} \\\n}\n\n~SEQ(N, 1, 2) $I\n")
            .Should().Equal("vrrp_instance VI_1 {", "virtual_router_id 1", "}", "vrrp_instance VI_2 {", "virtual_router_id 2", "}");
    }

    [Fact]
    public void Process_SeqWithAStepThatNeverReachesTheEnd_Warns()
    {
        (List<SourceLine> lines, List<ConfigDiagnostic> diagnostics) = Pipeline.Preprocess("~SEQ(N, 1, -1, 5) x $N\n");

        lines.Should().BeEmpty();
        diagnostics.Should().ContainSingle().Which.Code.Should().Be(ConfigDiagnosticCodes.InvalidSequence);
    }

    [Fact]
    public void Process_GeneratedLinesBeyondTheLimit_AreAnErrorNotAHang()
    {
        var options = new KeepalivedConfigReaderOptions { MaxGeneratedLines = 1000 };

        (List<SourceLine> lines, List<ConfigDiagnostic> diagnostics) = Pipeline.Preprocess("~SEQ(N, 1, 100000000) x $N\n", options);

        lines.Should().HaveCount(1000);
        diagnostics.Should().ContainSingle().Which.Code.Should().Be(ConfigDiagnosticCodes.ExpansionTooLarge);
    }

    [Fact]
    public void Process_ConditionalLines_MatchTheConfigId()
    {
        var options = new KeepalivedConfigReaderOptions { ConfigId = "lb1" };

        Texts("@lb1 priority 150\n@lb2 priority 100\n@^lb1 state BACKUP\n@^lb2 state MASTER\n@lb1\n", options)
            .Should().Equal("priority 150", "state MASTER");
    }

    [Fact]
    public void Process_Include_IsRelativeToTheIncludingFile_GlobSortedWithBraces()
    {
        using var directory = new TempDirectory();
        directory.Write("conf.d/b.conf", "from b\n");
        directory.Write("conf.d/a.conf", "from a\n");
        directory.Write("conf.d/c.txt", "not included\n");
        directory.Write("conf.d/sub/nested.conf", "include ../a.conf\n");
        directory.Write("other/x.conf", "from x\n");
        string main = directory.Write("main.conf", "include conf.d/*.conf\ninclude {conf.d/sub,other}/*.conf\n");

        KeepalivedConfigResult result = KeepalivedConfigReader.Read(main);

        result.Syntax.Select(n => n.ToString()).Should().Equal("from a", "from b", "from a", "from x");
        result.Files.Should().HaveCount(6);
        result.Syntax[1].Span.File.Should().EndWith(Path.Combine("conf.d", "b.conf"));
        result.Diagnostics.Should().OnlyContain(d => d.Code == ConfigDiagnosticCodes.UnknownKeyword, "only the made-up keywords are reported");
    }

    [Fact]
    public void Process_MissingInclude_IsOnlyANote_AsInKeepalived()
    {
        using var directory = new TempDirectory();
        string main = directory.Write("main.conf", "include nowhere.conf\ninclude nothing/*.conf\n");

        KeepalivedConfigResult result = KeepalivedConfigReader.Read(main);

        result.IsClean.Should().BeTrue();
        result.Diagnostics.Should().HaveCount(2).And.OnlyContain(d => d.Severity == ConfigDiagnosticSeverity.Note && d.Code == ConfigDiagnosticCodes.IncludeNotFound);
        result.Diagnostics[0].ToString().Should().StartWith(main + ":1:1: note:");
    }

    [Fact]
    public void Process_IncludeCycle_IsAnErrorAtTheIncludeThatClosesIt()
    {
        using var directory = new TempDirectory();
        directory.Write("a.conf", "include b.conf\nin_a\n");
        directory.Write("b.conf", "in_b\n\ninclude a.conf\n");
        string main = directory.Write("main.conf", "include a.conf\n");

        KeepalivedConfigResult result = KeepalivedConfigReader.Read(main);

        ConfigDiagnostic cycle = result.Diagnostics.Should().ContainSingle(d => d.Code == ConfigDiagnosticCodes.IncludeCycle).Subject;
        cycle.Severity.Should().Be(ConfigDiagnosticSeverity.Error);
        cycle.Span!.Value.File.Should().EndWith("b.conf");
        cycle.Span!.Value.Line.Should().Be(3);
        cycle.Message.Should().Contain("a.conf -> ").And.Contain("b.conf -> ");
        result.Syntax.Select(n => n.Name).Should().Equal("in_b", "in_a");
    }

    [Fact]
    public void Process_IncludeOfItselfThroughAGlob_StopsAtTheCycle()
    {
        using var directory = new TempDirectory();
        string main = directory.Write("main.conf", "include *.conf\nvalue\n");

        KeepalivedConfigResult result = KeepalivedConfigReader.Read(main);

        result.Diagnostics.Should().ContainSingle(d => d.Code == ConfigDiagnosticCodes.IncludeCycle);
        result.Syntax.Select(n => n.Name).Should().Equal("value");
    }

    [Fact]
    public void Process_NulBytes_AreANoteAndCutTheLine()
    {
        using var directory = new TempDirectory();
        string main = directory.WriteBytes("main.conf", [(byte)'a', (byte)'b', 0, (byte)'c', (byte)'\n', (byte)'d', (byte)'\n']);

        KeepalivedConfigResult result = KeepalivedConfigReader.Read(main);

        result.Syntax.Select(n => n.Name).Should().Equal("ab", "d");
        result.Diagnostics.Should().ContainSingle(d => d.Code == ConfigDiagnosticCodes.BinaryContent).Which.ToString().Should().StartWith(main + ":1:3: note:");
    }

    [Fact]
    public void Read_FileLargerThanTheLimit_IsAPositionedError()
    {
        using var directory = new TempDirectory();
        string main = directory.Write("main.conf", new string('#', 2048));

        KeepalivedConfigResult result = KeepalivedConfigReader.Read(main, new KeepalivedConfigReaderOptions { MaxFileSize = 1024 });

        result.Diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith(main + ":1:1: error:").And.Contain("2048 bytes");
    }

    [Fact]
    public void Read_MissingFile_IsAnError()
    {
        KeepalivedConfigResult result = KeepalivedConfigReader.Read("/nonexistent/keepalived.conf");

        result.HasErrors.Should().BeTrue();
        result.Diagnostics.Single().Code.Should().Be(ConfigDiagnosticCodes.FileNotFound);
    }
}
