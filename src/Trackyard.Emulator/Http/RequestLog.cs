namespace Trackyard.Emulator;

/// <summary>One logged request. <paramref name="HasAuthorization"/> says whether an Authorization header came, whatever its value (never stored).</summary>
public sealed record RequestLogEntry(DateTimeOffset Time, string Method, string Path, int Status, string? KeySuffix, string? UserAgent, bool HasAuthorization);

/// <summary>Every request to the API paths and the previews, oldest first, capped at <see cref="Capacity"/> (the oldest are dropped).</summary>
public sealed class RequestLog
{
    public const int Capacity = 100_000;

    private readonly object _gate = new();
    private readonly Queue<RequestLogEntry> _entries = new();

    public void Add(RequestLogEntry entry)
    {
        lock (_gate)
        {
            if (_entries.Count >= Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
        }
    }

    public RequestLogEntry[] Snapshot()
    {
        lock (_gate)
        {
            return _entries.ToArray();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>The last 4 characters of a key, never more; null for keys of fewer than 8 characters, whose last 4 would give away too much.</summary>
    public static string? KeySuffix(string? key) => key is { Length: >= 8 } ? key[^4..] : null;

    /// <summary>The entry for a request that has been answered: arrival time, method, path, status, key suffix, User-Agent, Authorization present.</summary>
    public static RequestLogEntry EntryFor(HttpContext context, DateTimeOffset arrivedAt, string path)
    {
        var request = context.Request;
        var userAgent = request.Headers.UserAgent.ToString();
        return new RequestLogEntry(
            arrivedAt,
            request.Method,
            path,
            context.Response.StatusCode,
            KeySuffix(ApiPipeline.BearerToken(request)),
            userAgent.Length == 0 ? null : userAgent,
            request.Headers.ContainsKey("Authorization"));
    }
}
