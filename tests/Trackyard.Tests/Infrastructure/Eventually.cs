namespace Trackyard.Tests.Infrastructure;

/// <summary>Waits (really, bounded) for a positive signal from work that continues on the thread pool.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string because = "the condition")
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {because}.");
            }

            await Task.Delay(10);
        }
    }
}
