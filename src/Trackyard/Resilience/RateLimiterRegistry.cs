using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Trackyard;

/// <summary>
/// One <see cref="KeyRateLimiter"/> per (base URI, key), so that every connection, call and runspace of the
/// process that uses a key shares what the server said about it; with a state folder, each limiter also shares it with
/// the user's other processes on the machine through a state file (<see cref="KeyStateFile"/>). Keyed by a SHA-256
/// hash of the key, never the key.
/// </summary>
internal sealed class RateLimiterRegistry
{
    /// <summary>The registry of the process (real clock), sharing with the user's other processes.</summary>
    internal static readonly RateLimiterRegistry Shared = new(TimeProvider.System, stateFolder: KeyStateFile.UserFolder());

    private readonly ConcurrentDictionary<string, KeyRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly RetryOptions _options;
    private int _pruned;

    /// <param name="time">The clock of every limiter here; clients sharing a registry must use the same one.</param>
    /// <param name="options">Margin, backoff base and assumed windows.</param>
    /// <param name="stateFolder">Where the keys' state files live; null = no sharing beyond this registry (tests, or
    /// a user without a cache folder).</param>
    internal RateLimiterRegistry(TimeProvider time, RetryOptions? options = null, string? stateFolder = null)
    {
        _time = time;
        _options = options ?? new RetryOptions();
        StateFolder = stateFolder;
    }

    /// <summary>Where the keys' state files live; null when they are not shared with other processes.</summary>
    internal string? StateFolder { get; }

    /// <summary>The shared registry for the real clock; a registry of its own for any other clock (tests).</summary>
    internal static RateLimiterRegistry For(TimeProvider time, RetryOptions options) =>
        ReferenceEquals(time, TimeProvider.System) ? Shared : new RateLimiterRegistry(time, options);

    internal KeyRateLimiter For(Uri baseUri, ApiKey key) =>
        _limiters.GetOrAdd(Id(baseUri, key), id => new KeyRateLimiter(_time, _options, StateFile(id)));

    private KeyStateFile? StateFile(string id)
    {
        if (StateFolder is null)
        {
            return null;
        }

        if (Interlocked.Exchange(ref _pruned, 1) == 0)
        {
            // Files of keys nobody has used for longer than the longest window hold nothing that still counts.
            KeyStateFile.Prune(StateFolder, _time.GetUtcNow().UtcDateTime - _options.DayWindow - _options.DayWindow);
        }

        return new KeyStateFile(StateFolder, id);
    }

    /// <summary>The base URI and the key's SHA-256 in hex.</summary>
    internal static string Id(Uri baseUri, ApiKey key)
    {
        var hash = key.UsePlainText(plain =>
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(Encoding.UTF8.GetBytes(plain));
        });
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return baseUri.AbsoluteUri + " " + hex;
    }
}
