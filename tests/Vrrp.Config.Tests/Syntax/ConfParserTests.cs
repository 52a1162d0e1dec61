using System.Text;
using Vrrp.Config.Tests.TestSupport;

namespace Vrrp.Config.Tests.Syntax;

public sealed class ConfParserTests
{
    [Fact]
    public void Parse_BraceOnTheNextLine_OpensTheBlockOfThePreviousStatement()
    {
        (List<ConfNode> nodes, List<ConfigDiagnostic> diagnostics) = Pipeline.Parse("vrrp_instance VI_1\n{\n    virtual_ipaddress\n    {\n        10.0.0.1\n    }\n}\n");

        diagnostics.Should().BeEmpty();
        ConfNode instance = nodes.Should().ContainSingle().Subject;
        instance.Name.Should().Be("vrrp_instance");
        instance.Arguments.Select(a => a.Text).Should().Equal("VI_1");
        instance.BlockStart!.Value.Line.Should().Be(2);
        ConfNode vips = instance.Block!.Should().ContainSingle().Subject;
        vips.Block!.Single().Name.Should().Be("10.0.0.1");
    }

    [Fact]
    public void Parse_SeveralValuesOnALine_AreArgumentsOfTheFirstWord()
    {
        (List<ConfNode> nodes, _) = Pipeline.Parse("track_interface {\n  eth0 weight -10 reverse\n}\n");

        ConfNode line = nodes.Single().Block!.Single();
        line.Name.Should().Be("eth0");
        line.Arguments.Select(a => a.Text).Should().Equal("weight", "-10", "reverse");
    }

    [Fact]
    public void Parse_BlockOnOneLine_HoldsItsStatements()
    {
        (List<ConfNode> nodes, List<ConfigDiagnostic> diagnostics) = Pipeline.Parse("virtual_ipaddress { 10.0.0.1 10.0.0.2 }\n");

        diagnostics.Should().BeEmpty();
        ConfNode item = nodes.Single().Block!.Single();
        item.Name.Should().Be("10.0.0.1");
        item.Arguments.Single().Text.Should().Be("10.0.0.2");
    }

    [Fact]
    public void Parse_ExtraCloseBrace_WarnsAtTheBrace()
    {
        (List<ConfNode> nodes, List<ConfigDiagnostic> diagnostics) = Pipeline.Parse("global_defs {\n}\n  }\n");

        nodes.Should().ContainSingle();
        diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith("test.conf:3:3: warning: extra `}`");
    }

    [Fact]
    public void Parse_MissingCloseBrace_IsAnErrorAtTheOpeningBrace()
    {
        (_, List<ConfigDiagnostic> diagnostics) = Pipeline.Parse("vrrp_instance VI_1 {\n  virtual_ipaddress {\n    10.0.0.1\n}\n");

        ConfigDiagnostic missing = diagnostics.Should().ContainSingle().Subject;
        missing.Severity.Should().Be(ConfigDiagnosticSeverity.Error);
        missing.Code.Should().Be(ConfigDiagnosticCodes.MissingCloseBrace);
        missing.Span!.Value.ToString().Should().Be("test.conf:1:20");
        missing.Message.Should().Contain("vrrp_instance VI_1");
    }

    [Fact]
    public void Parse_OpenBraceWithoutAKeyword_WarnsAndIgnoresItsBlock()
    {
        (List<ConfNode> nodes, List<ConfigDiagnostic> diagnostics) = Pipeline.Parse("global_defs {\n}\n{\n  router_id x\n}\nvrrp_script s {\n}\n");

        nodes.Select(n => n.Name).Should().Equal("global_defs", "vrrp_script");
        diagnostics.Should().ContainSingle(d => d.Code == ConfigDiagnosticCodes.UnexpectedOpenBrace).Which.Span!.Value.Line.Should().Be(3);
    }

    [Fact]
    public void Parse_NestingDeeperThanTheLimit_ReportsOnceAndKeepsTheOuterStatements()
    {
        var text = new StringBuilder("a {\n");
        for (int i = 0; i < 100; i++)
        {
            text.Append('b').Append(i).Append(" {\n");
        }

        text.Append('}', 101).Append("\nafter\n");

        (List<ConfNode> nodes, List<ConfigDiagnostic> diagnostics) = Pipeline.Parse(text.ToString());

        diagnostics.Should().ContainSingle().Which.Code.Should().Be(ConfigDiagnosticCodes.NestingTooDeep);
        diagnostics[0].Span!.Value.Line.Should().Be(ConfParser.MaxDepth + 1);
        nodes.Select(n => n.Name).Should().Equal("a", "after");
    }
}
