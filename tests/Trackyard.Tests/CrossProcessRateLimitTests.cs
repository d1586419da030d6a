using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>
/// Processes of one user sharing a key's limit through its state file. Each "process" is a registry (or a limiter) of
/// its own on one fake clock, all with one temporary state folder, so that nothing touches the user's real folder.
/// </summary>
public sealed class CrossProcessRateLimitTests : IDisposable
{
    private const string KeyId = "https://api.trackyard.test/api/external/v1 0123abcd";

    private readonly TestClock _time = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trackyard-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static RateLimitSnapshot Left(long remaining) => new() { Limit = 50, Remaining = remaining, ResetAfter = TimeSpan.FromSeconds(2) };

    /// <summary>The limiter of one more process of the user.</summary>
    private KeyRateLimiter NewProcess() => new(_time, new RetryOptions(), new KeyStateFile(_folder, KeyId));

    private RateLimiterRegistry NewRegistry() => new(_time, stateFolder: _folder);

    private TrackyardClient Client(RateLimiterRegistry registry, StubHandler handler) =>
        TestClient.Create(handler, _time, new RetryOptions { Random = () => 0 }, limiters: registry);

    private static SendSlot Admit(KeyRateLimiter limiter)
    {
        var admission = limiter.TryAdmit();
        Assert.NotNull(admission.Slot);
        return admission.Slot!;
    }

    /// <summary>Slots the limiter hands out now, without answering any of them.</summary>
    private static int FreeSlots(KeyRateLimiter limiter)
    {
        var slots = new List<SendSlot>();
        while (slots.Count < 100 && limiter.TryAdmit().Slot is { } slot)
        {
            slots.Add(slot);
        }

        return slots.Count;
    }

    private string StatePath => Path.Combine(_folder, KeyStateFile.FileName(KeyId));

    private SharedKeyState ReadState() =>
        SharedKeyState.Parse(File.ReadAllText(StatePath), DateTimeOffset.MaxValue) ?? throw new InvalidOperationException("The state file is unreadable.");

    private void WriteState(string text)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(StatePath, text);
    }

    private string At(TimeSpan fromNow) => (_time.GetUtcNow() + fromNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static HttpResponseMessage Answer(int status, params (string, string)[] headers) =>
        Responses.Json(status, status == 200 ? Responses.Account : "{\"error\":\"Too Many Requests\"}", headers);

    [Fact]
    public void A_count_one_process_heard_paces_another()
    {
        var first = NewProcess();
        var second = NewProcess();
        Admit(first).Complete(200, Left(3), null);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(3, FreeSlots(second));
    }

    [Fact]
    public void Requests_in_flight_in_another_process_count_against_what_is_left()
    {
        var first = NewProcess();
        var second = NewProcess();
        Admit(first).Complete(200, Left(3), null);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var inFlight = Admit(first);

        Assert.Equal(2, FreeSlots(second));
        GC.KeepAlive(inFlight);
    }

    [Fact]
    public void Overlapping_requests_of_two_processes_keep_the_lower_count_in_both()
    {
        var first = NewProcess();
        var second = NewProcess();
        Admit(first).Complete(200, Left(4), null);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var a = Admit(first);
        var b = Admit(second);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        // The server counted the second process's request first (3 left), then the first's (2 left); the first hears first.
        a.Complete(200, Left(2), null);
        b.Complete(200, Left(3), null);

        Assert.Equal(2, FreeSlots(first));
        Assert.Equal(0, FreeSlots(second));
    }

    [Fact]
    public void Until_a_count_is_known_one_request_goes_at_a_time_across_processes_and_the_other_looks_again()
    {
        var first = NewProcess();
        var second = NewProcess();
        var probe = Admit(first);

        var held = second.TryAdmit();
        Assert.Null(held.Slot);
        Assert.Equal(HoldReason.InFlight, held.Reason);
        Assert.False(held.Changed!.IsCompleted);
        _time.Advance(KeyRateLimiter.LookAgain);
        Assert.True(held.Changed.IsCompleted);

        probe.Complete(200, Left(4), null);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(4, FreeSlots(second));
    }

    [Fact]
    public void The_lease_of_a_process_that_has_ended_is_not_counted()
    {
        // int.MaxValue is no process id on any OS (Windows ids are multiples of 4; Linux's are below 2^22).
        WriteState($"version 1\ncount 1 {At(TimeSpan.FromSeconds(-2))} {At(TimeSpan.FromSeconds(-1))}\nlease 00000000000000aa {int.MaxValue} 1 {At(TimeSpan.FromMinutes(1))}\n");

        Assert.Equal(1, FreeSlots(NewProcess()));
    }

    [Fact]
    public void The_lease_of_a_running_process_counts_until_it_ends()
    {
        WriteState($"version 1\ncount 1 {At(TimeSpan.FromSeconds(-2))} {At(TimeSpan.FromSeconds(-1))}\nlease 00000000000000aa {Environment.ProcessId} 1 {At(TimeSpan.FromMinutes(1))}\n");
        var limiter = NewProcess();

        Assert.Equal(0, FreeSlots(limiter));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, FreeSlots(limiter));
    }

    [Theory]
    [InlineData("not a state file")]
    [InlineData("version 2\n")]
    [InlineData("version 1\ncount many 2026-11-02T11:59:59.0000000Z 2026-11-02T11:59:59.5000000Z\n")]
    [InlineData("version 1\ncooldown-until 2126-11-02T12:00:00.0000000Z\n")]
    [InlineData("version 1\nused-up-until 2026-11-02T12:00:30.0000000Z Forever\n")]
    [InlineData("version 1\nlease someone 1 1 2026-11-02T12:01:00.0000000Z\n")]
    [InlineData("\0\0\0\0")]
    public void An_unreadable_file_is_ignored_and_rewritten(string content)
    {
        WriteState(content);
        var admission = NewProcess().TryAdmit();

        Assert.NotNull(admission.Slot);
        admission.Slot!.Complete(200, Left(3), null);
        Assert.Equal(3, ReadState().Count!.Remaining);
    }

    [Fact]
    public void A_file_larger_than_any_state_is_ignored()
    {
        WriteState("version 1\n" + new string('#', 70_000) + "\ncooldown-until " + At(TimeSpan.FromSeconds(30)) + "\n");

        Assert.NotNull(NewProcess().TryAdmit().Slot);
    }

    [Fact]
    public void Stale_state_is_ignored()
    {
        WriteState($"version 1\ncooldown-until {At(TimeSpan.FromSeconds(-1))}\ncount 5 {At(TimeSpan.FromDays(-2))} {At(TimeSpan.FromDays(-2))}\nlease 00000000000000aa {Environment.ProcessId} 3 {At(TimeSpan.FromSeconds(-1))}\n");

        // Nothing known holds: one request at a time until an answer brings a count.
        Assert.Equal(1, FreeSlots(NewProcess()));
    }

    [Fact]
    public void With_plenty_left_answers_are_not_written_but_a_low_count_is()
    {
        var limiter = NewProcess();
        Admit(limiter).Complete(200, Left(100), null);
        Assert.Equal(100, ReadState().Count!.Remaining);
        var written = File.GetLastWriteTimeUtc(StatePath);
        var text = File.ReadAllText(StatePath);

        for (var left = 99; left > KeyRateLimiter.PlentyLeft + 1; left--)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Admit(limiter).Complete(200, Left(left), null);
        }

        Assert.Equal(text, File.ReadAllText(StatePath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(StatePath));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Admit(limiter).Complete(200, Left(KeyRateLimiter.PlentyLeft), null);
        Assert.Equal(KeyRateLimiter.PlentyLeft, ReadState().Count!.Remaining);
    }

    [Fact]
    public void Read_modify_writes_from_many_threads_lose_nothing()
    {
        const int Threads = 8;
        const int Each = 25;
        var failures = 0;
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            var file = new KeyStateFile(_folder, KeyId);
            for (var i = 0; i < Each; i++)
            {
                using var session = file.Open();
                if (session is null)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                var state = session.Read(DateTimeOffset.MaxValue);
                var count = state.Count?.Remaining ?? 0;
                state.Count = new SharedCount(count + 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
                session.Write(state);
            }
        })).ToList();

        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => Assert.True(worker.Join(TimeSpan.FromSeconds(30))));

        // A thread that waited too long for the lock (a quarter second, on a loaded machine) gave up, as a process does;
        // every one that had it counted, and none undid another's count.
        Assert.True(failures < Threads * Each / 2, $"{failures} of {Threads * Each} could not lock the file");
        Assert.Equal(Threads * Each - failures, ReadState().Count!.Remaining);
    }

    [Fact]
    public void A_file_locked_too_long_elsewhere_is_given_up_on_and_the_process_paces_alone()
    {
        var file = new KeyStateFile(_folder, KeyId);
        var limiter = new KeyRateLimiter(_time, new RetryOptions(), file);
        Directory.CreateDirectory(_folder);
        using (new FileStream(StatePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.NotNull(limiter.TryAdmit().Slot);
        }

        Assert.Equal(1, file.Failures);
    }

    [Fact]
    public async Task Neither_the_file_nor_its_name_holds_the_key()
    {
        var handler = new StubHandler()
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "1")))
            .Respond(() => Answer(429, ("Retry-After", "30"), ("X-RateLimit-Remaining", "0")));
        using var client = Client(NewRegistry(), handler);
        using var key = ApiKey.FromPlainText(TestClient.Key);
        var keyHash = RateLimiterRegistry.Id(TestClient.BaseUri, key).Split(' ')[1];

        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);
        await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        var file = Assert.Single(Directory.GetFiles(_folder));
        var content = File.ReadAllText(file);
        Assert.Contains("cooldown-until", content);
        foreach (var secret in new[] { TestClient.Key, "S3cr3tK3yValue", keyHash })
        {
            Assert.DoesNotContain(secret, Path.GetFileName(file), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, content, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_429_in_one_process_holds_back_the_other_until_its_Retry_After()
    {
        using var first = Client(NewRegistry(), new StubHandler().Respond(() => Answer(429, ("Retry-After", "30"), ("X-RateLimit-Remaining", "0"))));
        await TestClient.Failure(() => first.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        var secondHandler = new StubHandler().Respond(() => Answer(200, ("X-RateLimit-Remaining", "9")));
        using var second = Client(NewRegistry(), secondHandler);
        var ex = await TestClient.Failure(() => second.GetAccountAsync(TestClient.Call(retry: false), CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Contains("was not sent", ex.Message);
        Assert.Equal(30.25, ex.RetryAfter!.Value.TotalSeconds, 3);
        Assert.Empty(secondHandler.Requests);

        var waiting = second.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None);
        await _time.WaitForTimerAsync(30.25);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(secondHandler.Requests);
        _time.Advance(TimeSpan.FromSeconds(0.25));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(secondHandler.Requests);
    }

    [Fact]
    public async Task A_window_one_process_used_up_holds_back_the_other_until_RateLimit_Reset()
    {
        using var first = Client(NewRegistry(), new StubHandler().Respond(() => Answer(200, ("X-RateLimit-Remaining", "0"), ("RateLimit-Reset", "5"))));
        await first.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var secondHandler = new StubHandler().Respond(() => Answer(200, ("X-RateLimit-Remaining", "4")));
        using var second = Client(NewRegistry(), secondHandler);
        var ex = await TestClient.Failure(() => second.GetAccountAsync(TestClient.Call(retry: false), CancellationToken.None));
        Assert.Contains("requests for this minute are used up", ex.Message);
        Assert.Empty(secondHandler.Requests);

        var waiting = second.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None);
        await _time.WaitForTimerAsync(5.25);
        _time.Advance(TimeSpan.FromSeconds(5.25));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(secondHandler.Requests);
    }

    [Fact]
    public async Task The_users_check_of_the_key_clears_what_the_file_held_for_every_process()
    {
        using var first = Client(NewRegistry(), new StubHandler().Respond(() => Answer(429, ("Retry-After", "600"))));
        await TestClient.Failure(() => first.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        var checkHandler = new StubHandler().Respond(() => Answer(200, ("X-RateLimit-Remaining", "8")));
        using var checker = Client(NewRegistry(), checkHandler);
        await checker.GetAccountAsync(new CallOptions(retryOnRateLimit: false) { IsConnectCheck = true }, CancellationToken.None);
        Assert.Single(checkHandler.Requests);

        var thirdHandler = new StubHandler().Respond(() => Answer(200, ("X-RateLimit-Remaining", "7")));
        using var third = Client(NewRegistry(), thirdHandler);
        await third.GetAccountAsync(TestClient.Call(), CancellationToken.None);
        Assert.Single(thirdHandler.Requests);
    }

    [Fact]
    public void A_block_another_process_learnt_while_the_users_check_was_on_its_way_stays()
    {
        var checker = NewProcess();
        var other = NewProcess();
        Admit(other).Complete(200, Left(2), null);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var check = checker.AdmitRegardless();
        var search = Admit(other);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        search.Complete(429, Left(0), TimeSpan.FromSeconds(30));
        check.Complete(200, Left(1), null);

        var admission = checker.TryAdmit();
        Assert.Null(admission.Slot);
        Assert.Equal(HoldReason.Cooldown, admission.Reason);
    }

    [Fact]
    public async Task A_hold_read_back_a_few_milliseconds_later_is_the_same_hold_not_a_second_wait()
    {
        var registry = NewRegistry();
        var handler = new StubHandler()
            .Respond(() => Answer(429, ("Retry-After", "30")))
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "5")));
        using var client = Client(registry, handler);
        await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        // Another process wrote the same cooldown, rounded a little later by its clocks.
        var path = Assert.Single(Directory.GetFiles(_folder));
        var state = SharedKeyState.Parse(File.ReadAllText(path), DateTimeOffset.MaxValue)!;
        state.CooldownUntil += TimeSpan.FromMilliseconds(10);
        File.WriteAllText(path, state.ToText());

        var observer = new RecordingObserver();
        var waiting = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        await _time.WaitForTimerAsync(30.25);
        _time.Advance(TimeSpan.FromSeconds(30.25));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(observer.Warnings);
    }

    [Fact]
    public void Only_registries_given_a_folder_write_state_files()
    {
        using var key = ApiKey.FromPlainText(TestClient.Key);
        var limiter = new RateLimiterRegistry(_time).For(TestClient.BaseUri, key);
        Admit(limiter).Complete(429, Left(0), TimeSpan.FromSeconds(30));

        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public void Files_nobody_wrote_for_two_days_are_pruned_when_a_registry_first_uses_the_folder()
    {
        Directory.CreateDirectory(_folder);
        var now = _time.GetUtcNow().UtcDateTime;
        var old = Path.Combine(_folder, "old" + KeyStateFile.Extension);
        var recent = Path.Combine(_folder, "recent" + KeyStateFile.Extension);
        var other = Path.Combine(_folder, "notes.txt");
        foreach (var path in new[] { old, recent, other })
        {
            File.WriteAllText(path, "version 1\n");
            File.SetLastWriteTimeUtc(path, path == recent ? now.AddHours(-1) : now.AddDays(-3));
        }

        using var key = ApiKey.FromPlainText(TestClient.Key);
        NewRegistry().For(TestClient.BaseUri, key);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(other));
    }
}
