using Microsoft.Extensions.Time.Testing;

namespace Trackyard.Tests;

/// <summary>How the shared limiter reads the server's counts when answers overlap or arrive out of order.</summary>
public class KeyRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    private static RateLimitSnapshot Left(long remaining) => new() { Limit = 5, Remaining = remaining, ResetAfter = TimeSpan.FromSeconds(2) };

    private SendSlot Admit(KeyRateLimiter limiter)
    {
        var admission = limiter.TryAdmit();
        Assert.NotNull(admission.Slot);
        return admission.Slot!;
    }

    /// <summary>Slots the limiter hands out now, without answering any of them.</summary>
    private static int FreeSlots(KeyRateLimiter limiter)
    {
        var slots = new List<SendSlot>();
        while (limiter.TryAdmit().Slot is { } slot)
        {
            slots.Add(slot);
        }

        return slots.Count;
    }

    private KeyRateLimiter KnownToHave(long remaining)
    {
        var limiter = new KeyRateLimiter(_time, new RetryOptions());
        Admit(limiter).Complete(200, Left(remaining), null);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        return limiter;
    }

    [Fact]
    public void Overlapping_requests_keep_the_lower_count_whatever_order_the_answers_arrive_in()
    {
        // Two requests in flight together; the server counted the second one first (3 left), then the first (2 left),
        // and we hear the first's answer before the second's.
        var limiter = KnownToHave(4);
        var first = Admit(limiter);
        var second = Admit(limiter);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        first.Complete(200, Left(2), null);
        second.Complete(200, Left(3), null);

        Assert.Equal(2, FreeSlots(limiter));
    }

    [Fact]
    public void A_request_sent_after_the_count_arrived_brings_the_newer_count_even_when_higher()
    {
        var limiter = KnownToHave(1);
        _time.Advance(TimeSpan.FromSeconds(3));   // the window has freed up meanwhile

        Admit(limiter).Complete(200, Left(4), null);

        Assert.Equal(4, FreeSlots(limiter));
    }

    [Fact]
    public void Requests_in_flight_count_against_what_is_left()
    {
        var limiter = KnownToHave(3);
        var inFlight = Admit(limiter);

        Assert.Equal(2, FreeSlots(limiter));
        GC.KeepAlive(inFlight);
    }
}
