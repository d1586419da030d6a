using System.Text.Json;

namespace Trackyard.Emulator;

/// <summary>
/// Strict readers for JSON request bodies. A field that is absent or null reads as null; a field of the wrong
/// type is a 400 invalid_parameters naming the field.
/// </summary>
internal static class JsonFields
{
    public static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            throw new BadRequestException(BadRequestException.InvalidJson, "The request body is not valid JSON.");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw BadRequestException.Parameters("The request body must be a JSON object.");
        }

        return document;
    }

    public static bool TryGet(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static string? String(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw BadRequestException.Parameters($"'{name}' must be a string.");
    }

    public static bool? Bool(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw BadRequestException.Parameters($"'{name}' must be true or false."),
        };
    }

    public static double? Number(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw BadRequestException.Parameters($"'{name}' must be a number.");
    }

    /// <summary>An integer; 20.0 is accepted, 20.5 and "20" are not.</summary>
    public static long? Integer(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var whole))
            {
                return whole;
            }

            if (value.TryGetDouble(out var number) && Math.Floor(number) == number && Math.Abs(number) < 1e15)
            {
                return (long)number;
            }
        }

        throw BadRequestException.Parameters($"'{name}' must be an integer.");
    }

    public static List<string>? StringArray(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw BadRequestException.Parameters($"'{name}' must be an array of strings.");
        }

        var items = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw BadRequestException.Parameters($"'{name}' must be an array of strings.");
            }

            items.Add(item.GetString()!);
        }

        return items;
    }
}
