using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Trackyard;

/// <summary>
/// Reads the fields of a JSON answer one by one, as the contract names them: a missing field or a null is null,
/// an unknown field is skipped, and a field of the wrong type is a <see cref="JsonException"/> naming where it is
/// (<see cref="JsonBody.Parse{T}"/> makes that InvalidResponse). Reading by hand rather than through the serializer's
/// reflection keeps the first call of a session free of the serializer's code generation.
/// </summary>
internal static class JsonFields
{
    /// <summary>Moves to the next property of the object the reader is in; false at its end.</summary>
    internal static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Moves past a property's value the caller does not want.</summary>
    internal static void Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Reads the value of the current property as the start of an object; false for null.</summary>
    internal static bool StartObject(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw WrongType(path),
        };
    }

    /// <summary>Reads the value of the current property as the start of an array; false for null.</summary>
    internal static bool StartArray(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartArray => true,
            JsonTokenType.Null => false,
            _ => throw WrongType(path),
        };
    }

    /// <summary>Moves to the next element of the array the reader is in; false at its end.</summary>
    internal static bool NextElement(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.EndArray;
    }

    internal static string? String(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw WrongType(path),
        };
    }

    internal static double? Number(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetDouble(out var value) => value,
            JsonTokenType.Null => null,
            _ => throw WrongType(path),
        };
    }

    internal static long? Integer(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var value) => value,
            JsonTokenType.Null => null,
            _ => throw WrongType(path),
        };
    }

    internal static int? Int32(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
            JsonTokenType.Null => null,
            _ => throw WrongType(path),
        };
    }

    internal static bool? Boolean(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            _ => throw WrongType(path),
        };
    }

    internal static DateTimeOffset? Date(ref Utf8JsonReader reader, string path)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String when reader.TryGetDateTimeOffset(out var value) => value,
            JsonTokenType.Null => null,
            _ => throw WrongType(path),
        };
    }

    /// <summary>A list of strings; null elements are dropped, a missing or null list is empty.</summary>
    internal static string[] Strings(ref Utf8JsonReader reader, string path)
    {
        if (!StartArray(ref reader, path))
        {
            return Array.Empty<string>();
        }

        var values = new List<string>();
        while (NextElement(ref reader))
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    values.Add(reader.GetString()!);
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    throw WrongType(path + "[" + values.Count + "]");
            }
        }

        return values.ToArray();
    }

    /// <summary>A value of the wrong type where <paramref name="path"/> is, e.g. "$.tracks[0].bpm".</summary>
    internal static JsonException WrongType(string path) => new($"unexpected value at {path}.", path, null, null);
}
