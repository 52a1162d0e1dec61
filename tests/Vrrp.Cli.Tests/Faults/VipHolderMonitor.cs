using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Vrrp.Linux;

namespace Vrrp.Cli.Tests.Faults;

/// <summary>
/// Samples, from outside the VRRP processes, which hosts have the VIP on eth0: one background thread that enters
/// each host's network namespace in turn (setns) and reads its addresses with getifaddrs every period. Keeps the
/// whole timeline (a bit mask of holders per sample, on <see cref="VrrpNode.Now"/>), so a test can assert on what
/// happened between two moments: overlaps (two holders), vacancies (none), changes.
/// </summary>
internal sealed class VipHolderMonitor : IDisposable
{
    private readonly IReadOnlyList<LanHost> _hosts;
    private readonly IPAddress _vip;
    private readonly TimeSpan _period;
    private readonly List<(TimeSpan At, int Holders)> _samples = [];
    private readonly Thread _thread;
    private volatile bool _stopped;
    private Exception? _failure;

    private VipHolderMonitor(IReadOnlyList<LanHost> hosts, IPAddress vip, TimeSpan period)
    {
        _hosts = hosts;
        _vip = vip;
        _period = period;
        _thread = new Thread(Loop) { IsBackground = true, Name = "vip holder monitor" };
        _thread.Start();
    }

    /// <summary>Starts sampling the hosts (at most 31) every <paramref name="period"/>.</summary>
    public static VipHolderMonitor Start(IReadOnlyList<LanHost> hosts, IPAddress vip, TimeSpan period) => new(hosts, vip, period);

    /// <summary>Gets the number of samples taken so far.</summary>
    public int SampleCount
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>Gets the bit of host <paramref name="number"/> in a holder mask.</summary>
    public static int Bit(int number) => 1 << (number - 1);

    /// <summary>Waits for the first sample at or after <paramref name="after"/> whose holders are exactly <paramref name="holders"/>.</summary>
    /// <returns>When that sample was taken.</returns>
    public TimeSpan WaitForHolders(int holders, TimeSpan timeout, TimeSpan after) =>
        WaitFor(mask => mask == holders, $"held by exactly {Describe(holders)}", timeout, after);

    /// <summary>Waits for the first sample at or after <paramref name="after"/> whose holders match <paramref name="predicate"/>.</summary>
    /// <returns>When that sample was taken.</returns>
    public TimeSpan WaitFor(Func<int, bool> predicate, string description, TimeSpan timeout, TimeSpan after)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            ThrowIfFailed();
            lock (_samples)
            {
                foreach ((TimeSpan at, int mask) in _samples)
                {
                    if (at >= after && predicate(mask))
                    {
                        return at;
                    }
                }
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"the VIP {_vip} was not {description} within {timeout.TotalSeconds} s after {after.TotalSeconds:F3} s; timeline:\n{Timeline(after, VrrpNode.Now)}");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>Gets the holders of the newest sample taken at or after <paramref name="after"/> (waits for one).</summary>
    public int CurrentHolders(TimeSpan? after = null)
    {
        TimeSpan from = after ?? VrrpNode.Now;
        long deadline = Environment.TickCount64 + 5000;
        while (true)
        {
            ThrowIfFailed();
            lock (_samples)
            {
                if (_samples.Count > 0 && _samples[^1].At >= from)
                {
                    return _samples[^1].Holders;
                }
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("the VIP monitor took no sample for 5 s");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Gets the longest run of samples between the two moments in which the holders matched <paramref name="predicate"/>.</summary>
    public TimeSpan LongestRun(Func<int, bool> predicate, TimeSpan from, TimeSpan to)
    {
        TimeSpan longest = TimeSpan.Zero;
        TimeSpan? runStart = null;
        foreach ((TimeSpan at, int mask) in Between(from, to))
        {
            if (predicate(mask))
            {
                runStart ??= at;
                longest = at - runStart.Value > longest ? at - runStart.Value : longest;
            }
            else
            {
                runStart = null;
            }
        }

        return longest;
    }

    /// <summary>Counts the samples between the two moments whose holders matched <paramref name="predicate"/>.</summary>
    public int CountSamples(Func<int, bool> predicate, TimeSpan from, TimeSpan to) => Between(from, to).Count(s => predicate(s.Holders));

    /// <summary>Gets the timeline between the two moments, one line per change of holders.</summary>
    public string Timeline(TimeSpan from, TimeSpan to)
    {
        var text = new StringBuilder();
        int? previous = null;
        foreach ((TimeSpan at, int mask) in Between(from, to))
        {
            if (mask != previous)
            {
                text.Append(CultureInfo.InvariantCulture, $"  [{at.TotalSeconds:F3}] {Describe(mask)}\n");
                previous = mask;
            }
        }

        return text.ToString();
    }

    /// <summary>Names the hosts of a holder mask ("host 1 + host 2", "nobody").</summary>
    public static string Describe(int holders)
    {
        var names = new List<string>();
        for (int n = 1; n <= 31; n++)
        {
            if ((holders & Bit(n)) != 0)
            {
                names.Add(string.Create(CultureInfo.InvariantCulture, $"host {n}"));
            }
        }

        return names.Count == 0 ? "nobody" : string.Join(" + ", names);
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private List<(TimeSpan At, int Holders)> Between(TimeSpan from, TimeSpan to)
    {
        lock (_samples)
        {
            return [.. _samples.Where(s => s.At >= from && s.At <= to)];
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("the VIP monitor failed", failure);
        }
    }

    private void Loop()
    {
        var handles = new List<SafeFileHandle>();
        try
        {
            foreach (LanHost host in _hosts)
            {
                handles.Add(File.OpenHandle($"/run/netns/{host.Namespace}"));
            }

            while (!_stopped)
            {
                int mask = 0;
                for (int i = 0; i < _hosts.Count; i++)
                {
                    if (Interop.SetNs(handles[i], Interop.CLONE_NEWNET) != 0)
                    {
                        throw new IOException($"setns({_hosts[i].Namespace}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                    }

                    if (HoldsVip())
                    {
                        mask |= Bit(_hosts[i].Number);
                    }
                }

                lock (_samples)
                {
                    _samples.Add((VrrpNode.Now, mask));
                }

                Thread.Sleep(_period);
            }
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
        finally
        {
            foreach (SafeFileHandle handle in handles)
            {
                handle.Dispose();
            }
        }
    }

    /// <summary>True when eth0 of the namespace this thread is in has the VIP (getifaddrs, independent of the code under test).</summary>
    private bool HoldsVip()
    {
        foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.Name == LanHost.InterfaceName && nic.GetIPProperties().UnicastAddresses.Any(a => a.Address.Equals(_vip)))
            {
                return true;
            }
        }

        return false;
    }
}
