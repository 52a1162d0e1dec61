using Vrrp.Config.Preprocessing;

namespace Vrrp.Config.Tests.Preprocessing;

public sealed class IncludeGlobTests
{
    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", "a.conf.bak", false)]
    [InlineData("?.conf", "ab.conf", false)]
    [InlineData("[ab]*", "b1", true)]
    [InlineData("[!ab]*", "b1", false)]
    [InlineData("[0-9][0-9]-*", "10-vi.conf", true)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("[unclosed", "[unclosed", true)]
    public void SegmentMatches_FollowsFnmatch(string pattern, string name, bool expected)
    {
        IncludeGlob.SegmentMatches(pattern, name).Should().Be(expected);
    }

    [Fact]
    public void ExpandBraces_ExpandsNestedGroupsInOrder()
    {
        IncludeGlob.ExpandBraces("a{b,c{d,e}}f{1,2}").Should().Equal("abf1", "abf2", "acdf1", "acdf2", "acef1", "acef2");
    }

    [Fact]
    public void ExpandBraces_WithoutAComma_IsLiteral()
    {
        IncludeGlob.ExpandBraces("a{b}c").Should().Equal("a{b}c");
    }
}
