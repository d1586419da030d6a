namespace Trackyard.Emulator;

public sealed record UsageRecord(DateTimeOffset Timestamp, string Endpoint, int StatusCode, int CreditsConsumed, long ResponseTimeMs);
