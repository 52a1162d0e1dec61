using HaproxyFailover.Supervision;

namespace Vrrp.Hosting.Tests.Samples;

/// <summary>Hands out <see cref="FakeHaproxyProcess"/>es (pids 1001, 1002, ...); <see cref="NextStart"/> scripts how each start goes.</summary>
internal sealed class FakeHaproxyLauncher : IHaproxyLauncher
{
    private readonly List<FakeHaproxyProcess> _started = [];
    private int _nextPid = 1001;

    /// <summary>Gets or sets the process the pid file names, or null.</summary>
    public FakeHaproxyProcess? Adoptable { get; set; }

    /// <summary>Gets or sets what the next starts do: null (runs), a message (Start throws it), or "exits" (ends at once).</summary>
    public Queue<string?> NextStart { get; } = new();

    public IReadOnlyList<FakeHaproxyProcess> Started
    {
        get
        {
            lock (_started)
            {
                return [.. _started];
            }
        }
    }

    public FakeHaproxyProcess Last => Started[^1];

    public IHaproxyProcess Start()
    {
        string? how = NextStart.TryDequeue(out string? next) ? next : null;
        if (how is not null && how != "exits")
        {
            throw new InvalidOperationException(how);
        }

        var process = new FakeHaproxyProcess(_nextPid++);
        lock (_started)
        {
            _started.Add(process);
        }

        if (how == "exits")
        {
            process.End("exit code 1");
        }

        return process;
    }

    public IHaproxyProcess? TryAdopt() => Adoptable;
}
