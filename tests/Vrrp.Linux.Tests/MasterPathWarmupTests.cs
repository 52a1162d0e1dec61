namespace Vrrp.Linux.Tests;

public sealed class MasterPathWarmupTests
{
    public static TheoryData<string> CoreTypeNames => [.. MasterPathWarmup.CoreTypeNames];

    /// <summary>The warm-up finds Vrrp.Core's internal types by name: a rename would silently leave one cold.</summary>
    [Theory]
    [MemberData(nameof(CoreTypeNames))]
    public void CoreTypeNames_EachName_ResolvesToAType(string name)
    {
        Type.GetType(name).Should().NotBeNull($"{name} is on the takeover path the warm-up compiles");
    }

    [Fact]
    public void Run_Twice_CompletesWithoutSideEffectsOrErrors()
    {
        MasterPathWarmup.Run();

        Action again = MasterPathWarmup.Run;

        again.Should().NotThrow();
    }
}
