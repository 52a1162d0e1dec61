namespace Vrrp.Config.Tests;

public sealed class KeepalivedCommandLineTests
{
    [Theory]
    [InlineData("/usr/bin/check --port 80", new[] { "/usr/bin/check", "--port", "80" })]
    [InlineData("/bin/sh -c 'pidof haproxy || exit 1'", new[] { "/bin/sh", "-c", "pidof haproxy || exit 1" })]
    [InlineData("\"/opt/my check\" \"a \\\"b\\\"\" c\\ d", new[] { "/opt/my check", "a \"b\"", "c d" })]
    public void Split_FollowsKeepalivedsExecRules(string line, string[] expected) =>
        KeepalivedCommandLine.Split(line).Should().Equal(expected);

    [Fact]
    public void Split_UnterminatedQuoteOrEmpty_IsAFormatException_AndTheNonThrowingFormSaysWhy()
    {
        FluentActions.Invoking(() => KeepalivedCommandLine.Split("/bin/check 'open")).Should().Throw<FormatException>().WithMessage("*unterminated single quote*");
        FluentActions.Invoking(() => KeepalivedCommandLine.Split("  ")).Should().Throw<FormatException>().WithMessage("*empty*");
        KeepalivedCommandLine.Split("/bin/check 'open", out string? error).Should().Equal("/bin/check", "open");
        error.Should().Contain("unterminated");
    }
}
