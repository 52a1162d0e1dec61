using Vrrp.Hosting.Health;
using Vrrp.Hosting.Notifications;

namespace Vrrp.Hosting.Tests.Tracking;

[SupportedOSPlatform("linux")]
public sealed class ScriptRunAsTests : HostedTest
{
    [LinuxFact("users switch through util-linux's setpriv and /etc/passwd")]
    public void PrepareRunAs_AsRootWithAScriptUser_RunsThroughSetpriv()
    {
        string? refused = ScriptProcessRunner.PrepareRunAs(["/bin/true", "x"], new ScriptRunAs("nobody", null, false), privileged: true, out IReadOnlyList<string> command);

        refused.Should().BeNull();
        command.Should().Equal("setpriv", "--reuid", "nobody", "--regid", "65534", "--init-groups", "--", "/bin/true", "x");
    }

    [Fact]
    public void PrepareRunAs_NotRoot_RunsAsItself()
    {
        ScriptProcessRunner.PrepareRunAs(["/bin/true"], new ScriptRunAs("nobody", "nogroup", true), privileged: false, out IReadOnlyList<string> command).Should().BeNull();

        command.Should().Equal("/bin/true");
    }

    [LinuxFact("script users are looked up in /etc/passwd")]
    public void PrepareRunAs_UnknownUser_IsRefused()
    {
        ScriptProcessRunner.PrepareRunAs(["/bin/true"], new ScriptRunAs("no-such-user-vrrp", null, false), privileged: true, out _).Should().Be("script user no-such-user-vrrp does not exist");
    }

    [LinuxFact("enable_script_security reads Unix file modes")]
    public void PrepareRunAs_ScriptSecurityAndAnInsecureRootScript_IsRefused()
    {
        string script = Scene.Directory.WriteScript("chk.sh", "exit 0");
        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.OtherWrite);

        string? refused = ScriptProcessRunner.PrepareRunAs([script], new ScriptRunAs("root", null, true), privileged: true, out _);
        string? allowed = ScriptProcessRunner.PrepareRunAs([script], new ScriptRunAs("root", null, false), privileged: true, out _);

        refused.Should().StartWith("refused by enable_script_security: users other than root can change " + script);
        allowed.Should().BeNull("without enable_script_security keepalived runs it and check-config warns");
    }

    [LinuxFact("users switch through util-linux's setpriv")]
    public async Task Notify_WithScriptUserNobody_RunsAsNobody()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess && File.Exists("/usr/bin/setpriv"), "switching users needs root and util-linux's setpriv");
        string shared = Path.Combine(Path.GetTempPath(), "vrrp-runas-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0x3FF);
        try
        {
            string log = Path.Combine(shared, "id");
            string script = Scene.Directory.WriteScript("whoami.sh", $"id -u > {log}");
            File.SetUnixFileMode(Scene.Directory.Path, (UnixFileMode)0x1ED);
            File.SetUnixFileMode(script, (UnixFileMode)0x1ED);
            using var notifier = new VrrpNotifier(new FakeLogger(), TimeSpan.FromSeconds(10)) { RunAs = new ScriptRunAs("nobody", null, false) };

            notifier.Enqueue(new NotifyCommands(script, null, null, null, null), new VrrpStateChange(1, "VI_1", VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.Started, 100, "t", DateTimeOffset.UnixEpoch));
            await notifier.DrainAsync(TimeSpan.FromSeconds(10));

            File.ReadAllText(log).Trim().Should().Be("65534");
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }
}
