namespace Vrrp.Etcd.Tests.TestSupport;

/// <summary>
/// Every candidate's terms of leadership on one monotonic clock (Stopwatch), from <see cref="EtcdElection.StateChanged"/>,
/// plus a sampler that polls <see cref="EtcdElection.IsLeader"/> of all candidates every millisecond or two: the
/// invariant "never two leaders at once" is checked on both.
/// </summary>
internal sealed class LeadershipTimeline : IAsyncDisposable
{
    private readonly List<Term> _terms = [];
    private readonly List<(string Name, EtcdElection Election)> _candidates = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task? _sampler;
    private int _maxLeadersSampled;
    private long _samples;

    public static long Now => Stopwatch.GetTimestamp();

    public int MaxLeadersSampled => Volatile.Read(ref _maxLeadersSampled);

    public long Samples => Interlocked.Read(ref _samples);

    public void Attach(string name, EtcdElection election)
    {
        election.StateChanged += (_, change) =>
        {
            long now = Now;
            lock (_terms)
            {
                if (change.State == EtcdElectionState.Leader)
                {
                    _terms.Add(new Term(name, now, null, null));
                }
                else
                {
                    int open = _terms.FindLastIndex(term => term.Name == name && term.End is null);
                    if (open >= 0)
                    {
                        _terms[open] = _terms[open] with { End = now, Reason = change.Reason };
                    }
                }
            }
        };
        _candidates.Add((name, election));
    }

    public void StartSampling() => _sampler = Task.Run(SampleAsync);

    public IReadOnlyList<Term> Terms()
    {
        lock (_terms)
        {
            return _terms.ToArray();
        }
    }

    /// <summary>Waits until <paramref name="name"/> (or anyone, when null) starts a term after <paramref name="after"/>.</summary>
    public async Task<Term> WaitForTermAsync(string? name, long after, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            Term? term = Terms().FirstOrDefault(t => (name is null || t.Name == name) && t.Start > after);
            if (term is not null)
            {
                return term;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"no term of {name ?? "any candidate"} began within {timeout.TotalSeconds} s; terms: {Describe()}");
    }

    /// <summary>Waits until the term of <paramref name="name"/> that began at <paramref name="start"/> ends.</summary>
    public async Task<Term> WaitForEndAsync(string name, long start, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            Term? term = Terms().FirstOrDefault(t => t.Name == name && t.Start == start && t.End is not null);
            if (term is not null)
            {
                return term;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"the term of {name} did not end within {timeout.TotalSeconds} s; terms: {Describe()}");
    }

    /// <summary>Fails if two terms overlap (a term still open counts as open until now).</summary>
    public void AssertNeverTwoLeaders()
    {
        Term[] terms = Terms().OrderBy(term => term.Start).ToArray();
        for (int i = 1; i < terms.Length; i++)
        {
            long previousEnd = terms[i - 1].End ?? long.MaxValue;
            previousEnd.Should().BeLessThan(terms[i].Start, $"a term must end before the next begins; terms: {Describe()}");
        }

        MaxLeadersSampled.Should().BeLessThanOrEqualTo(1, "the sampler saw two leaders at once");
    }

    public string Describe()
    {
        Term[] terms = Terms().ToArray();
        long origin = terms.Length > 0 ? terms[0].Start : 0;
        return string.Join("; ", terms.Select(t =>
            $"{t.Name} {Ms(origin, t.Start):0}..{(t.End is { } end ? Ms(origin, end).ToString("0", CultureInfo.InvariantCulture) : "open")} ms ({t.Reason ?? "leading"})"));
    }

    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_sampler is not null)
        {
            await _sampler;
        }

        _stopping.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            int leaders = _candidates.Count(candidate => candidate.Election.IsLeader);
            Interlocked.Increment(ref _samples);
            if (leaders > Volatile.Read(ref _maxLeadersSampled))
            {
                Volatile.Write(ref _maxLeadersSampled, leaders);
            }

            try
            {
                await Task.Delay(1, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One term of leadership: Stopwatch timestamps; <see cref="End"/> is null while it lasts.</summary>
    internal sealed record Term(string Name, long Start, long? End, string? Reason);
}
