namespace Trackyard.Emulator;

/// <summary>One authenticated API request on its way through the pipeline.</summary>
public sealed class ApiCall(HttpContext context, EmulatorState state, ApiKeyAccount account, DateTimeOffset? previousUse, string presentedKey)
{
    public HttpContext Context { get; } = context;
    public EmulatorState State { get; } = state;
    public ApiKeyAccount Account { get; } = account;

    /// <summary>The key as the client sent it, for faults that reflect it ({key}, {KEY}); never logged or stored.</summary>
    public string PresentedKey { get; } = presentedKey;

    /// <summary>When the key was used before this call; /me reports it as last_used_at.</summary>
    public DateTimeOffset? PreviousUse { get; } = previousUse;

    /// <summary>Set by an endpoint once it charged a credit; goes into /usage.</summary>
    public int CreditsConsumed { get; set; }

    public CancellationToken Aborted => Context.RequestAborted;
}
