using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Trackyard.Emulator;

/// <summary>Writes JSON answers with an exact Content-Length.</summary>
internal static class JsonResponse
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Readable output: "Café" and apostrophes stay as they are (the bodies are never embedded in HTML).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, JsonResponse.WriterOptions))
        {
            write(json);
        }

        return WriteBytesAsync(context, status, buffer.WrittenMemory);
    }

    public static Task WriteBytesAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static void WriteNullableNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>ISO 8601 UTC with milliseconds, e.g. 2026-01-01T00:00:00.000Z.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
