namespace Vrrp.Etcd.Tests;

/// <summary>
/// <see cref="EtcdElection"/> against a real three-member etcd cluster: one leader at a time, checked continuously
/// (terms from the state events and a sampler), through resignations, a leader cut off from etcd, a killed etcd member
/// and lost quorum. Takeover times are written to the test output against the TTL.
/// </summary>
public sealed class EtcdElectionTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_campaignAgain = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task TwoCandidates_LeaderResignsThreeTimes_OtherTakesOverEachTimeAndNeverTwoLeaders()
    {
        using EtcdCluster cluster = await EtcdCluster.StartAsync();
        await using var timeline = new LeadershipTimeline();
        await using var a = new Candidate("a", cluster, s_ttl, "resign");
        await using var b = new Candidate("b", cluster, s_ttl, "resign");
        Candidate[] candidates = [a, b];
        foreach (Candidate candidate in candidates)
        {
            timeline.Attach(candidate.Name, candidate.Election);
        }

        timeline.StartSampling();
        a.Election.Start();
        b.Election.Start();
        LeadershipTimeline.Term term = await timeline.WaitForTermAsync(null, 0, TimeSpan.FromSeconds(10));

        var takeovers = new List<double>();
        for (int round = 0; round < 3; round++)
        {
            Candidate leader = candidates.Single(candidate => candidate.Name == term.Name);
            Candidate other = candidates.Single(candidate => candidate != leader);
            leader.Election.IsLeader.Should().BeTrue();
            CancellationToken leadership = leader.Election.LeadershipToken;
            // The other one gave leadership up the round before and campaigns again only after its RetryDelay (200 ms):
            // resigning sooner lets both re-campaign at once and either may win (a CI run saw the resigner win again).
            await Task.Delay(s_campaignAgain, TestContext.Current.CancellationToken);
            long before = LeadershipTimeline.Now;

            await leader.Election.ResignAsync();

            leadership.IsCancellationRequested.Should().BeTrue("the leadership token is cancelled when leadership ends");
            leader.Election.IsLeader.Should().BeFalse();
            term = await timeline.WaitForTermAsync(other.Name, before, TimeSpan.FromSeconds(5));
            takeovers.Add(LeadershipTimeline.Ms(before, term.Start));
        }

        timeline.AssertNeverTwoLeaders();
        timeline.Samples.Should().BeGreaterThan(10, "the sampler must have run throughout");
        Report($"resign: takeovers {string.Join(", ", takeovers.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))} ms (TTL {s_ttl.TotalMilliseconds} ms); terms: {timeline.Describe()}");
    }

    [Fact]
    public async Task LeaderBecomesIneligible_HealthFails_ResignsAndStaysOutUntilEligibleAgain()
    {
        await using LeaderAndFollower started = await LeaderAndFollower.StartAsync(s_ttl, "eligible", settleMilliseconds: 300);
        (_, LeadershipTimeline timeline, Candidate a, Candidate b, LeadershipTimeline.Term first) = started;

        long before = LeadershipTimeline.Now;
        a.Election.IsEligible = false;
        LeadershipTimeline.Term ended = await timeline.WaitForEndAsync("a", first.Start, TimeSpan.FromSeconds(2));
        LeadershipTimeline.Term second = await timeline.WaitForTermAsync("b", before, TimeSpan.FromSeconds(5));
        await b.Election.ResignAsync();
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        ended.Reason.Should().Be("not-eligible");
        timeline.Terms().Where(term => term.Name == "a" && term.Start > before).Should().BeEmpty("an ineligible candidate does not campaign");
        b.Election.IsLeader.Should().BeTrue("b resigned but was the only eligible candidate, so it was elected again");

        long eligibleAt = LeadershipTimeline.Now;
        a.Election.IsEligible = true;
        await b.Election.ResignAsync();
        LeadershipTimeline.Term back = await timeline.WaitForTermAsync("a", eligibleAt, TimeSpan.FromSeconds(5));

        Report($"ineligible: b leader {LeadershipTimeline.Ms(before, second.Start):0} ms after a became ineligible; a back {LeadershipTimeline.Ms(eligibleAt, back.Start):0} ms after eligible and b resigned; terms: {timeline.Describe()}");
        timeline.AssertNeverTwoLeaders();
    }

    [Fact]
    public async Task EtcdRaftLeaderFrozen_Sigstop_LeadershipContinuesWithoutAGap()
    {
        TimeSpan ttl = TimeSpan.FromSeconds(5);
        using EtcdCluster cluster = await EtcdCluster.StartAsync();
        await using var timeline = new LeadershipTimeline();
        await using var a = new Candidate("a", cluster, ttl, "member-frozen");
        timeline.Attach("a", a.Election);
        timeline.StartSampling();
        a.Election.Start();
        LeadershipTimeline.Term first = await timeline.WaitForTermAsync("a", 0, TimeSpan.FromSeconds(10));

        int raftLeader = await cluster.LeaderAsync();
        cluster.Freeze(raftLeader);
        await Task.Delay(ttl + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        bool leaderWhileFrozen = a.Election.IsLeader;
        cluster.Thaw(raftLeader);

        Report($"etcd member m{raftLeader} (raft leader) frozen {ttl.TotalSeconds + 1} s: terms {timeline.Describe()}\n{a.Log()}");
        leaderWhileFrozen.Should().BeTrue();
        timeline.Terms().Should().ContainSingle("a keeps leadership while two of three members serve").Which.Should().Be(first);
    }

    [Fact]
    public async Task LeaderCutOffFromEtcd_KeepAlivesStop_GivesUpBeforeTheOtherIsElectedAndWithinTtl()
    {
        await using LeaderAndFollower started = await LeaderAndFollower.StartAsync(s_ttl, "cutoff", settleMilliseconds: 500);
        (_, LeadershipTimeline timeline, Candidate a, Candidate b, LeadershipTimeline.Term first) = started;
        CancellationToken leadership = a.Election.LeadershipToken;

        long cutAt = LeadershipTimeline.Now;
        a.CutOff(true);
        LeadershipTimeline.Term ended = await timeline.WaitForEndAsync("a", first.Start, s_ttl + TimeSpan.FromSeconds(2));
        LeadershipTimeline.Term next = await timeline.WaitForTermAsync("b", cutAt, s_ttl + TimeSpan.FromSeconds(5));

        double gaveUpMs = LeadershipTimeline.Ms(cutAt, ended.End!.Value);
        double takeoverMs = LeadershipTimeline.Ms(cutAt, next.Start);
        Report($"cut off: a gave up after {gaveUpMs:0} ms, b elected after {takeoverMs:0} ms, {takeoverMs - gaveUpMs:0} ms after a gave up (TTL {s_ttl.TotalMilliseconds} ms); terms: {timeline.Describe()}");
        ended.Reason.Should().Be("lease-deadline");
        leadership.IsCancellationRequested.Should().BeTrue();
        ended.End.Value.Should().BeLessThan(next.Start, "the fencing invariant: the old leader gave up before the new one was elected");
        gaveUpMs.Should().BeLessThan(s_ttl.TotalMilliseconds, "the leader gives up a safety margin before the TTL counted from its last keep-alive");
        takeoverMs.Should().BeLessThan(s_ttl.TotalMilliseconds + 1500, "etcd expires the lease within the TTL after the last keep-alive, checking every 500 ms");

        a.CutOff(false);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        timeline.AssertNeverTwoLeaders();
        b.Election.IsLeader.Should().BeTrue("the reconnected old leader campaigns again behind the new one");
    }

    [Fact]
    public async Task EtcdRaftLeaderKilled_OneMemberOfThree_LeadershipContinuesWithoutAGap()
    {
        TimeSpan ttl = TimeSpan.FromSeconds(3);
        await using LeaderAndFollower started = await LeaderAndFollower.StartAsync(ttl, "member-killed", settleMilliseconds: 500);
        (EtcdCluster cluster, LeadershipTimeline timeline, Candidate a, _, LeadershipTimeline.Term first) = started;

        int raftLeader = await cluster.LeaderAsync();
        cluster.Kill(raftLeader);
        await Task.Delay(ttl * 2, TestContext.Current.CancellationToken);

        Report($"etcd member m{raftLeader} (raft leader) killed at {DateTimeOffset.UtcNow - ttl * 2:HH:mm:ss.fff}: terms {timeline.Describe()}\n{a.Log()}");
        timeline.Terms().Should().ContainSingle("a keeps leadership while two of three members serve").Which.Should().Be(first);
        a.Election.IsLeader.Should().BeTrue();
        timeline.AssertNeverTwoLeaders();
    }

    [Fact]
    public async Task EtcdQuorumLost_TwoMembersKilled_LeaderGivesUpWithinTtlAndNoOneIsElected()
    {
        await using LeaderAndFollower started = await LeaderAndFollower.StartAsync(s_ttl, "quorum", settleMilliseconds: 500);
        (EtcdCluster cluster, LeadershipTimeline timeline, Candidate a, Candidate b, LeadershipTimeline.Term first) = started;

        long killedAt = LeadershipTimeline.Now;
        int raftLeader = await cluster.LeaderAsync();
        cluster.Kill(raftLeader);
        cluster.Kill((raftLeader + 1) % 3);
        LeadershipTimeline.Term ended = await timeline.WaitForEndAsync("a", first.Start, s_ttl + TimeSpan.FromSeconds(2));
        await Task.Delay(s_ttl, TestContext.Current.CancellationToken);

        double gaveUpMs = LeadershipTimeline.Ms(killedAt, ended.End!.Value);
        Report($"quorum lost: a gave up after {gaveUpMs:0} ms (TTL {s_ttl.TotalMilliseconds} ms); terms: {timeline.Describe()}");
        ended.Reason.Should().Be("lease-deadline");
        gaveUpMs.Should().BeLessThan(s_ttl.TotalMilliseconds);
        timeline.Terms().Should().ContainSingle("without quorum etcd can elect no one");
        a.Election.IsLeader.Should().BeFalse();
        b.Election.IsLeader.Should().BeFalse();
        timeline.AssertNeverTwoLeaders();
    }

    [Fact]
    public async Task LongLease_LeaderAndCandidateQuietForTwelveSeconds_EtcdClosesNoConnection()
    {
        // etcd closes a client connection that pings it more often than --grpc-keepalive-min-time (5 s, the default
        // here) without data from etcd in between (GOAWAY ENHANCE_YOUR_CALM, "too_many_pings"), three strikes and out;
        // a ping on a connection with no call in flight is always a strike. Round robin keeps a connection to every
        // member, and a 20 s lease sends keep-alives every 5 s only: pings every second closed connections over and over.
        TimeSpan ttl = TimeSpan.FromSeconds(20);
        await using LeaderAndFollower started = await LeaderAndFollower.StartAsync(ttl, "calm", settleMilliseconds: 500);
        (_, LeadershipTimeline timeline, Candidate a, Candidate b, LeadershipTimeline.Term first) = started;
        int before = a.Connections + b.Connections;

        await Task.Delay(TimeSpan.FromSeconds(12), TestContext.Current.CancellationToken);

        int after = a.Connections + b.Connections;
        Report($"20 s lease, 12 s quiet: {before} connections opened before, {after} after; terms: {timeline.Describe()}\n{a.Log()}\n{b.Log()}");
        after.Should().Be(before, "etcd closed no connection, so none was opened again");
        timeline.Terms().Should().ContainSingle("a keeps leadership throughout").Which.Should().Be(first);
        timeline.AssertNeverTwoLeaders();
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>Records both candidates, starts a and waits for its first term, then starts b and gives it <paramref name="settleMilliseconds"/> to campaign: a leads, b waits.</summary>
    private static async Task<LeadershipTimeline.Term> LeadThenFollowAsync(LeadershipTimeline timeline, Candidate a, Candidate b, int settleMilliseconds = 0)
    {
        timeline.Attach("a", a.Election);
        timeline.Attach("b", b.Election);
        timeline.StartSampling();
        a.Election.Start();
        LeadershipTimeline.Term first = await timeline.WaitForTermAsync("a", 0, TimeSpan.FromSeconds(10));
        b.Election.Start();
        await Task.Delay(settleMilliseconds, TestContext.Current.CancellationToken);
        return first;
    }

    /// <summary>A three-member cluster, a timeline and candidates a and b (keys under the prefix), a leading and b following.</summary>
    private sealed class LeaderAndFollower : IAsyncDisposable
    {
        private LeaderAndFollower(EtcdCluster cluster, LeadershipTimeline timeline, Candidate a, Candidate b, LeadershipTimeline.Term first)
        {
            Cluster = cluster;
            Timeline = timeline;
            A = a;
            B = b;
            First = first;
        }

        public EtcdCluster Cluster { get; }

        public LeadershipTimeline Timeline { get; }

        public Candidate A { get; }

        public Candidate B { get; }

        public LeadershipTimeline.Term First { get; }

        public static async Task<LeaderAndFollower> StartAsync(TimeSpan ttl, string prefix, int settleMilliseconds)
        {
            EtcdCluster cluster = await EtcdCluster.StartAsync();
            var timeline = new LeadershipTimeline();
            var a = new Candidate("a", cluster, ttl, prefix);
            var b = new Candidate("b", cluster, ttl, prefix);
            try
            {
                return new LeaderAndFollower(cluster, timeline, a, b, await LeadThenFollowAsync(timeline, a, b, settleMilliseconds));
            }
            catch
            {
                await DisposeAsync(cluster, timeline, a, b);
                throw;
            }
        }

        public void Deconstruct(out EtcdCluster cluster, out LeadershipTimeline timeline, out Candidate a, out Candidate b, out LeadershipTimeline.Term first)
        {
            (cluster, timeline, a, b, first) = (Cluster, Timeline, A, B, First);
        }

        public ValueTask DisposeAsync() => DisposeAsync(Cluster, Timeline, A, B);

        /// <summary>Stops b, then a, then the timeline, then the cluster (the order of the usings it replaces).</summary>
        private static async ValueTask DisposeAsync(EtcdCluster cluster, LeadershipTimeline timeline, Candidate a, Candidate b)
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
            await timeline.DisposeAsync();
            cluster.Dispose();
        }
    }
}
