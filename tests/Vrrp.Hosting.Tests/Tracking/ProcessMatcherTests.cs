using Vrrp.Hosting.Tracking;

namespace Vrrp.Hosting.Tests.Tracking;

public sealed class ProcessMatcherTests
{
    private static readonly ProcessEntry Haproxy = new(10, "haproxy", ["/usr/sbin/haproxy", "-f", "/etc/haproxy/a.cfg", "-D"], false);

    private static VrrpTrackProcessOptions Options(string process, ProcessParameterMatch match = ProcessParameterMatch.None, bool full = false, params string[] parameters)
    {
        var options = new VrrpTrackProcessOptions { Process = process, ParameterMatch = match, FullCommand = full || parameters.Length > 0 || match != ProcessParameterMatch.None };
        options.Parameters.AddRange(parameters);
        return options;
    }

    [Fact]
    public void Matches_ByName_IsExactNotAPattern()
    {
        ProcessMatcher.Matches(Options("haproxy"), Haproxy).Should().BeTrue();
        ProcessMatcher.Matches(Options("haprox"), Haproxy).Should().BeFalse();
        ProcessMatcher.Matches(Options("/usr/sbin/haproxy"), Haproxy).Should().BeFalse("without full_command the name is compared");
        ProcessMatcher.Matches(Options("/usr/sbin/haproxy", full: true), Haproxy).Should().BeTrue();
    }

    [Fact]
    public void Matches_Zombie_NeverCounts()
    {
        ProcessMatcher.Matches(Options("haproxy"), Haproxy with { IsZombie = true }).Should().BeFalse();
    }

    [Theory]
    [InlineData(ProcessParameterMatch.Exact, new[] { "-f", "/etc/haproxy/a.cfg", "-D" }, true)]
    [InlineData(ProcessParameterMatch.Exact, new[] { "-f", "/etc/haproxy/a.cfg" }, false)]
    [InlineData(ProcessParameterMatch.Partial, new[] { "-f", "/etc/haproxy/a.cfg" }, true)]
    [InlineData(ProcessParameterMatch.Partial, new[] { "-f", "/etc/haproxy/a" }, false)]
    [InlineData(ProcessParameterMatch.Initial, new[] { "-f", "/etc/haproxy/a" }, true)]
    [InlineData(ProcessParameterMatch.Initial, new[] { "-x", "/etc/haproxy/a" }, false)]
    [InlineData(ProcessParameterMatch.Exact, new string[0], false)]
    [InlineData(ProcessParameterMatch.Partial, new string[0], true)]
    public void Matches_Parameters_ByParamMatch(ProcessParameterMatch match, string[] parameters, bool expected)
    {
        ProcessMatcher.Matches(Options("/usr/sbin/haproxy", match, parameters: parameters), Haproxy).Should().Be(expected);
    }

    [Fact]
    public void Matches_ExactWithoutParameters_WantsAProcessWithoutParameters()
    {
        var bare = new ProcessEntry(11, "haproxy", ["/usr/sbin/haproxy"], false);

        ProcessMatcher.Matches(Options("/usr/sbin/haproxy", ProcessParameterMatch.Exact), bare).Should().BeTrue();
        ProcessMatcher.Matches(Options("/usr/sbin/haproxy", ProcessParameterMatch.Exact), Haproxy).Should().BeFalse();
    }
}
