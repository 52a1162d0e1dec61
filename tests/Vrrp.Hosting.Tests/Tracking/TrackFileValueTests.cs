using Vrrp.Hosting.Tracking;

namespace Vrrp.Hosting.Tests.Tracking;

public sealed class TrackFileValueTests
{
    [Theory]
    [InlineData("5\n", 5L)]
    [InlineData("  -12 apples", -12L)]
    [InlineData("+7", 7L)]
    [InlineData("0x1f", 31L)]
    [InlineData("010", 8L)]
    [InlineData("", 0L)]
    [InlineData("up", 0L)]
    [InlineData("2147483648", 2147483648L)]
    [InlineData("-2147483648", -2147483648L)]
    public void Parse_AsStrtolWithBaseZero(string text, long expected)
    {
        TrackFileValue.Parse(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("2147483649")]
    [InlineData("-2147483649")]
    [InlineData("99999999999999999999999")]
    public void Parse_OutsideThe32BitRange_IsIgnored(string text)
    {
        TrackFileValue.Parse(text).Should().BeNull();
    }
}
