using Vrrp.Hosting.Tracking;

namespace Vrrp.Hosting.Tests.Tracking;

/// <summary>A process table the test fills: <see cref="Set"/> replaces it with so many processes of one name.</summary>
internal sealed class FakeProcessTable : IProcessTable
{
    private List<ProcessEntry> _processes = [];

    public int Reads { get; private set; }

    public void Set(string name, int count, int zombies = 0)
    {
        var processes = new List<ProcessEntry>();
        for (int i = 0; i < count + zombies; i++)
        {
            processes.Add(new ProcessEntry(100 + i, name, ["/usr/sbin/" + name], i >= count));
        }

        _processes = processes;
    }

    public IReadOnlyList<ProcessEntry> Read(bool withCommandLines)
    {
        Reads++;
        return _processes;
    }
}
