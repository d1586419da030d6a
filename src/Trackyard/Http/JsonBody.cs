using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>Reads the top-level object of a JSON body, from the <c>{</c> to its <c>}</c>.</summary>
/// <typeparam name="T">What the body becomes.</typeparam>
internal delegate T ReadObject<out T>(ref Utf8JsonReader reader);

/// <summary>
/// Reads a JSON answer: size-capped, and anything that cannot be read or understood becomes an InvalidResponse
/// failure, never a raw JsonException or IOException. Tolerant of missing fields, nulls and unknown fields
/// (<see cref="JsonFields"/>).
/// </summary>
internal static class JsonBody
{
    /// <summary>Largest success body read (a page of 100 tracks is well under 1 MB).</summary>
    internal const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>Reads the body of <paramref name="response"/> and parses it with <paramref name="parse"/>.</summary>
    internal static async Task<T> ReadAsync<T>(ApiResponse response, Func<byte[], T> parse, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await ReadCappedAsync(response.Message.Content, MaxBytes, truncate: false, response.ReadsBlocking, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException)
        {
            throw response.Annotate(new TrackyardApiException(
                TrackyardFailureKind.InvalidResponse,
                $"The answer could not be read completely: {TransportFailure.Innermost(ex, response.Wire)}",
                TransportFailure.Redacted(ex, response.Wire)));
        }
        catch (TrackyardApiException ex)
        {
            throw response.Annotate(ex);
        }

        try
        {
            return parse(bytes);
        }
        catch (TrackyardApiException ex)
        {
            // A parser's message may quote what the server sent (an id, a JSON path): clean it with the key in mind.
            throw response.Annotate(new TrackyardApiException(
                ex.Kind,
                response.Wire.Clean(ex.Message, 2000) ?? ex.Kind.ToString(),
                ex.InnerException is null ? null : TransportFailure.Redacted(ex.InnerException, response.Wire)));
        }
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/>; beyond that it either stops quietly (<paramref name="truncate"/>)
    /// or fails with InvalidResponse. A known Content-Length is read into one exact array. With
    /// <paramref name="blocking"/> the body is read with blocking I/O (see <see cref="WaitingThread"/>), which
    /// <paramref name="cancellationToken"/> ends by closing the stream.
    /// </summary>
    internal static async Task<byte[]> ReadCappedAsync(HttpContent? content, int maxBytes, bool truncate, bool blocking, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return Array.Empty<byte>();
        }

        if (!truncate && content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        using var closeOnCancel = blocking ? cancellationToken.Register(static s => ((Stream)s!).Dispose(), stream) : default;
        try
        {
            if (content.Headers.ContentLength is long length && (length <= maxBytes || truncate))
            {
                return await ReadExactAsync(stream, (int)Math.Min(length, maxBytes), blocking, cancellationToken).ConfigureAwait(false);
            }

            return await ReadUnknownLengthAsync(stream, maxBytes, truncate, blocking, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (blocking && cancellationToken.IsCancellationRequested && ex is IOException or ObjectDisposedException or HttpRequestException)
        {
            // The stream was closed to end a blocking read: report the cancellation, as an asynchronous read would.
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static async Task<int> ReadSomeAsync(Stream stream, byte[] buffer, int offset, int count, bool blocking, CancellationToken cancellationToken) =>
        blocking ? stream.Read(buffer, offset, count) : await stream.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads a body whose length the server declared into one array of that length.</summary>
    private static async Task<byte[]> ReadExactAsync(Stream stream, int length, bool blocking, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await ReadSomeAsync(stream, body, filled, length - filled, blocking, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                // Shorter than declared: what arrived is the body (the parser then finds it incomplete).
                Array.Resize(ref body, filled);
                break;
            }

            filled += read;
        }

        return body;
    }

    /// <summary>Reads a body of unknown length (chunked) up to the cap, through one pooled buffer.</summary>
    private static async Task<byte[]> ReadUnknownLengthAsync(Stream stream, int maxBytes, bool truncate, bool blocking, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16384);
        try
        {
            while (true)
            {
                var read = await ReadSomeAsync(stream, chunk, 0, chunk.Length, blocking, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                var room = maxBytes - (int)buffer.Length;
                if (read > room)
                {
                    if (!truncate)
                    {
                        throw TooLarge(maxBytes);
                    }

                    buffer.Write(chunk, 0, room);
                    return buffer.ToArray();
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// Parses a whole body with <paramref name="read"/>, which gets a reader positioned on the body's top-level
    /// object. An empty body, JSON null, something other than an object, malformed JSON or a field of the wrong type
    /// is InvalidResponse.
    /// </summary>
    internal static T Parse<T>(byte[] body, ReadObject<T> read)
    {
        if (body.Length == 0)
        {
            throw Invalid("The response body is empty.");
        }

        // A UTF-8 byte order mark is legal before JSON but the span reader does not skip it.
        var json = body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF
            ? new ReadOnlySpan<byte>(body, 3, body.Length - 3)
            : body;
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                throw Invalid("The response body is JSON null.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid("The response body is not the JSON the API documents: it is not an object.");
            }

            return read(ref reader);
        }
        catch (JsonException ex)
        {
            throw Invalid("The response body is not the JSON the API documents: " + Describe(ex, body), ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw Invalid("The response body could not be read: " + ex.Message, ex);
        }
    }

    /// <summary>An InvalidResponse failure; <see cref="ReadAsync"/> cleans its texts before they leave the client.</summary>
    internal static TrackyardApiException Invalid(string message, Exception? inner = null) =>
        new(TrackyardFailureKind.InvalidResponse, message, inner);

    /// <summary>Where the JSON went wrong, without echoing the body (which could be megabytes).</summary>
    private static string Describe(JsonException ex, byte[] body)
    {
        if (body.Length > 0 && body[0] == (byte)'<')
        {
            return "it looks like an HTML page.";
        }

        return ex.Path is { Length: > 0 }
            ? ex.Message
            : $"invalid JSON near line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}.";
    }

    private static TrackyardApiException TooLarge(int maxBytes) =>
        Invalid($"The response body is larger than {ByteSize.Format(maxBytes)}; refusing to read it.");
}
