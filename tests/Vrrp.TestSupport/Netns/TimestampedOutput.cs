namespace Vrrp.TestSupport.Netns;

/// <summary>
/// The output lines of a process under test (vrrp or keepalived), each with the time it arrived on
/// <see cref="VrrpNode.Now"/>, so tests can wait for a line and measure when it came.
/// </summary>
internal sealed class TimestampedOutput
{
    private readonly List<(TimeSpan At, string Line)> _lines = [];
    private readonly string _description;

    /// <param name="description">Who prints the lines, for timeout messages ("vrrp on vrt1x2h1").</param>
    public TimestampedOutput(string description) => _description = description;

    /// <summary>Gets every line so far, prefixed with its arrival time in seconds.</summary>
    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"[{l.At.TotalSeconds:F3}] {l.Line}")));
            }
        }
    }

    /// <summary>Records a line (null, the end of a stream, is ignored).</summary>
    public void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add((VrrpNode.Now, line));
            }
        }
    }

    /// <summary>Waits for the first line at or after <paramref name="after"/> that matches, and returns when it arrived.</summary>
    public TimeSpan WaitFor(Func<string, bool> predicate, TimeSpan timeout, TimeSpan? after = null)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            lock (_lines)
            {
                foreach ((TimeSpan at, string line) in _lines)
                {
                    if (at >= (after ?? TimeSpan.Zero) && predicate(line))
                    {
                        return at;
                    }
                }
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{_description} did not print the expected line within {timeout.TotalSeconds} s:\n{Text}");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Counts the lines at or after <paramref name="after"/> that match.</summary>
    public int Count(Func<string, bool> predicate, TimeSpan after)
    {
        lock (_lines)
        {
            return _lines.Count(l => l.At >= after && predicate(l.Line));
        }
    }

    /// <summary>Counts the lines that match.</summary>
    public int Count(Func<string, bool> predicate)
    {
        lock (_lines)
        {
            return _lines.Count(l => predicate(l.Line));
        }
    }
}
