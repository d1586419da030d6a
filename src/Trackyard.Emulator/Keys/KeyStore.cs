using System.Collections.Concurrent;

namespace Trackyard.Emulator;

/// <summary>The keys the emulator knows: the built-in ones plus those added through the control plane.</summary>
public sealed class KeyStore
{
    /// <summary>created_at of the built-in keys, fixed so /me is the same on every run.</summary>
    public static readonly DateTimeOffset BuiltInCreatedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, ApiKeyAccount> _accounts = new(StringComparer.Ordinal);
    private readonly TimeSpan _minute;
    private readonly TimeSpan _day;

    public KeyStore(TimeSpan minute, TimeSpan day)
    {
        _minute = minute;
        _day = day;
        Reset();
    }

    public ApiKeyAccount? Find(string key) => _accounts.GetValueOrDefault(key);

    /// <summary>Adds or replaces a key; a replaced key starts over (credits, windows, usage).</summary>
    public ApiKeyAccount Put(KeyDefinition definition, DateTimeOffset createdAt)
    {
        var account = new ApiKeyAccount(definition, _minute, _day, createdAt);
        _accounts[definition.Key] = account;
        return account;
    }

    public void Reset()
    {
        _accounts.Clear();
        foreach (var definition in KeyDefinition.BuiltIn)
        {
            Put(definition, BuiltInCreatedAt);
        }
    }
}
