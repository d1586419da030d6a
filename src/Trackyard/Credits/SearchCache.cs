using System;
using System.Collections.Generic;
using System.Text;

namespace Trackyard;

/// <summary>
/// The search pages one connection was answered lately, in memory, so that the same search within
/// <see cref="DefaultLifetime"/> costs no second credit. One cache per connection, and a connection has one key
/// for life, so an entry never serves another key or another connection. A page is found by its normalised query,
/// filters, offset and limit (<see cref="KeyOf"/>). At most <see cref="Capacity"/> pages and <see cref="MaxTracks"/>
/// tracks are kept, the oldest answer dropped first, and a page is served until it is as old as the lifetime,
/// measured on the connection's clock.
/// A page is kept as the bytes of its answer and parsed again for every hit: storing costs nothing, and a user who
/// changes a track changes neither the cache nor the next caller's tracks.
/// </summary>
internal sealed class SearchCache
{
    /// <summary>The most pages kept.</summary>
    internal const int Capacity = 500;

    /// <summary>
    /// The most tracks kept, in all pages together: a track takes well under 1 KB of an answer's bytes, so the cache
    /// stays under 10 MB.
    /// </summary>
    internal const int MaxTracks = 10_000;

    /// <summary>How long a page is served, in seconds, when Connect-Trackyard is not given -SearchCacheSec: ten minutes.</summary>
    internal const int DefaultLifetimeSeconds = 600;

    /// <summary><see cref="DefaultLifetimeSeconds"/> as a span.</summary>
    internal static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(DefaultLifetimeSeconds);

    private static readonly char[] Whitespace = { ' ', '\t', '\r', '\n', '\f', '\v', '\u00A0' };

    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _oldestFirst = new();
    private readonly TimeProvider _time;
    private int _tracks;

    /// <param name="lifetime">How long a page is served; zero turns the cache off.</param>
    /// <param name="time">The connection's clock.</param>
    internal SearchCache(TimeSpan lifetime, TimeProvider time)
    {
        Lifetime = lifetime;
        _time = time;
    }

    /// <summary>How long a page is served; zero when the cache is off.</summary>
    internal TimeSpan Lifetime { get; }

    internal bool Enabled => Lifetime > TimeSpan.Zero;

    /// <summary>How many pages are kept now (expired ones included until they are looked up or pushed out).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>
    /// The page cached for <paramref name="request"/>, parsed anew from its answer (fresh objects, its tracks stamped
    /// with <paramref name="request"/>'s query), and how old its answer is; false when there is none younger than the
    /// lifetime.
    /// </summary>
    internal bool TryGet(SearchRequest request, out SearchPage page, out TimeSpan age)
    {
        page = null!;
        age = TimeSpan.Zero;
        if (!Enabled)
        {
            return false;
        }

        var key = KeyOf(request);
        byte[] answer;
        lock (_gate)
        {
            if (!_index.TryGetValue(key, out var node))
            {
                return false;
            }

            age = _time.GetElapsedTime(node.Value.StoredAt);
            if (age >= Lifetime)
            {
                Remove(node);
                return false;
            }

            answer = node.Value.Answer;
        }

        page = SearchEndpoint.Parse(answer, request.Query, fromCache: true);
        return true;
    }

    /// <summary>
    /// Keeps <paramref name="answer"/>, the body that <paramref name="page"/> was parsed from, as the answer to
    /// <paramref name="request"/>, replacing any older one. The bytes are not copied: nothing changes them.
    /// </summary>
    internal void Store(SearchRequest request, SearchPage page, byte[] answer)
    {
        if (!Enabled)
        {
            return;
        }

        var entry = new Entry(KeyOf(request), answer, page.Tracks.Count, _time.GetTimestamp());
        lock (_gate)
        {
            if (_index.TryGetValue(entry.Key, out var existing))
            {
                Remove(existing);
            }

            _index[entry.Key] = _oldestFirst.AddLast(entry);
            _tracks += entry.TrackCount;
            while (_oldestFirst.First is { } oldest && oldest != _oldestFirst.Last
                && (_index.Count > Capacity || _tracks > MaxTracks || _time.GetElapsedTime(oldest.Value.StoredAt) >= Lifetime))
            {
                Remove(oldest);
            }
        }
    }

    /// <summary>Forgets every page; returns how many there were.</summary>
    internal int Clear()
    {
        lock (_gate)
        {
            var count = _index.Count;
            _index.Clear();
            _oldestFirst.Clear();
            _tracks = 0;
            return count;
        }
    }

    /// <summary>
    /// What makes two pages the same search: the query with its spacing and case normalised, the filters as
    /// sent (list filters in a fixed order and without repeats: a track matches any of them, so order and repeats
    /// change nothing), the offset and the limit.
    /// </summary>
    internal static string KeyOf(SearchRequest request) => request.ToCacheKey();

    /// <summary>"Calm  Piano " and "calm piano" are one query: words split on any whitespace, joined by one space, lower case.</summary>
    internal static string NormalizeQuery(string query) =>
        string.Join(" ", query.Normalize(NormalizationForm.FormC).Split(Whitespace, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private void Remove(LinkedListNode<Entry> node)
    {
        _index.Remove(node.Value.Key);
        _oldestFirst.Remove(node);
        _tracks -= node.Value.TrackCount;
    }

    private sealed class Entry
    {
        internal Entry(string key, byte[] answer, int trackCount, long storedAt)
        {
            Key = key;
            Answer = answer;
            TrackCount = trackCount;
            StoredAt = storedAt;
        }

        internal string Key { get; }

        /// <summary>The body of the answer, as received.</summary>
        internal byte[] Answer { get; }

        internal int TrackCount { get; }

        /// <summary>When the answer arrived, on the connection's monotonic clock.</summary>
        internal long StoredAt { get; }
    }
}
