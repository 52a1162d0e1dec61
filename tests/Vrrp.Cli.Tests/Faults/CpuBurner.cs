
namespace Vrrp.Cli.Tests.Faults;

/// <summary>Busy loops (<c>sh -c 'while :; do :; done'</c>) at normal priority, one per core asked for; Dispose kills them.</summary>
internal sealed class CpuBurner : IDisposable
{
    private readonly List<Process> _processes = [];

    private CpuBurner(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var info = new ProcessStartInfo("sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("while :; do :; done");
            _processes.Add(Process.Start(info) ?? throw new InvalidOperationException("cannot start sh"));
        }
    }

    public static CpuBurner Start(int count) => new(count);

    /// <summary>Gets the CPU time the burners used so far.</summary>
    public TimeSpan Used
    {
        get
        {
            TimeSpan total = TimeSpan.Zero;
            foreach (Process process in _processes)
            {
                total += ProcessCpu.Used(process.Id);
            }

            return total;
        }
    }

    public void Dispose()
    {
        foreach (Process process in _processes)
        {
            process.Kill();
            process.WaitForExit(5000);
            process.Dispose();
        }
    }
}
