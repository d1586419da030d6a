namespace Trackyard.Tests.Infrastructure;

/// <summary>Waits (really, bounded) for work that continues on the thread pool after a fake clock was advanced.</summary>
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

    /// <summary>Gives pending continuations a moment to run, before asserting that something did not happen.</summary>
    public static Task Settle() => Task.Delay(100);
}
