using Microsoft.Extensions.Time.Testing;
using Vrrp.Hosting.Tracking;

namespace Vrrp.Hosting.Tests.Tracking;

public sealed class FileTrackerTests : HostedTest
{
    private static FileTracker Tracker(VrrpTrackFileOptions options, Action<long> report, TimeProvider? clock = null) =>
        new(Path.GetFileName(options.File), options, clock ?? new FakeTimeProvider(), new FakeLogger(), report);

    [Fact]
    public async Task Start_ThenWritesAndDelete_ReportEachValueThroughTheWatcher()
    {
        string path = Scene.Directory.WriteFile("offset", "3\n");
        var values = new List<long>();
        using FileTracker tracker = Tracker(new VrrpTrackFileOptions { File = path }, v => { lock (values) { values.Add(v); } });

        tracker.Start();
        await File.WriteAllTextAsync(path, "-4\n", TestContext.Current.CancellationToken);
        await HostedTestWait.Until(() => tracker.Value == -4);
        File.Delete(path);
        await HostedTestWait.Until(() => tracker.Value == 0);

        lock (values)
        {
            values.Should().Equal(3, -4, 0);
        }
    }

    [Fact]
    public void Start_MissedEvent_TheBackstopReadCatchesIt()
    {
        string path = Scene.Directory.WriteFile("offset", "1");
        var clock = new FakeTimeProvider();
        var options = new VrrpTrackFileOptions { File = Path.Combine(Scene.Directory.Path, "missing-dir", "value") };
        using FileTracker tracker = Tracker(options, _ => { }, clock);

        tracker.Start();
        tracker.Value.Should().Be(0, "a missing file reads as 0, as in keepalived");
        Directory.CreateDirectory(Path.GetDirectoryName(options.File)!);
        File.WriteAllText(options.File, "9");
        clock.Advance(FileTracker.BackstopInterval);

        tracker.Value.Should().Be(9);
        path.Should().NotBeNull();
    }

    [Theory]
    [InlineData(false, "5", 5L)]
    [InlineData(true, "5", 2L)]
    public void Start_InitFile_WritesTheValueWhenMissingOrWithOverwrite(bool overwrite, string existing, long expected)
    {
        string path = Scene.Directory.WriteFile("existing", existing);
        string missing = Scene.Directory.Combine("created");
        using FileTracker created = Tracker(new VrrpTrackFileOptions { File = missing, InitValue = 2 }, _ => { });
        using FileTracker kept = Tracker(new VrrpTrackFileOptions { File = path, InitValue = 2, InitOverwrite = overwrite }, _ => { });

        created.Start();
        kept.Start();

        File.ReadAllText(missing).Should().Be("2\n");
        kept.Value.Should().Be(expected);
    }
}
