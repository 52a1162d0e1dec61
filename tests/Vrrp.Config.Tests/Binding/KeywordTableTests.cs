using Vrrp.Config.Binding;

namespace Vrrp.Config.Tests.Binding;

/// <summary>The keyword table: one entry per keyword and block, and docs/config.md's reference generated from it.</summary>
public sealed class KeywordTableTests
{
    [Fact]
    public void Table_DeclaresEachKeywordOncePerBlock_AndEveryImplementedKeywordHasAMappingAndDoc()
    {
        KeywordTable.All.GroupBy(k => (k.Block, k.Name)).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty();
        KeywordTable.All.Where(k => k.Support == KeywordSupport.Implemented).Should().OnlyContain(k => k.Bind != null && k.Doc.Length > 0);
        KeywordTable.GetSupport(KeywordContext.Instance, "priority").Should().Be(KeywordSupport.Implemented);
        KeywordTable.GetSupport(KeywordContext.Instance, "promote_secondaries").Should().Be(KeywordSupport.NotImplemented);
        KeywordTable.GetSupport(KeywordContext.Instance, "priorty").Should().Be(KeywordSupport.Unknown);
    }

    /// <summary>
    /// docs/config.md's keyword reference is the table's; after changing the table run
    /// <c>VRRP_UPDATE_DOCS=1 dotnet test tests/Vrrp.Config.Tests --no-build -- --filter-class '*KeywordTableTests'</c>.
    /// </summary>
    [Fact]
    public void Docs_KeywordReference_MatchesTheTable()
    {
        string path = RepositoryFiles.Find("docs", "config.md");
        string doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        int begin = doc.IndexOf(KeywordReference.Begin, StringComparison.Ordinal);
        int end = doc.IndexOf(KeywordReference.End, StringComparison.Ordinal);
        begin.Should().BeGreaterThanOrEqualTo(0, "docs/config.md marks the generated reference with {0}", KeywordReference.Begin);
        end.Should().BeGreaterThan(begin);

        int start = begin + KeywordReference.Begin.Length + 1;
        string expected = "\n" + KeywordReference.ToMarkdown() + "\n";
        string committed = doc[start..end];
        if (committed != expected && Environment.GetEnvironmentVariable("VRRP_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, doc[..start] + expected + doc[end..]);
            return;
        }

        committed.Should().Be(expected, "docs/config.md's keyword reference is generated from KeywordTable: run VRRP_UPDATE_DOCS=1 dotnet test tests/Vrrp.Config.Tests to rewrite it");
    }
}
