using System.Text.Json;

namespace Trackyard.Emulator;

/// <summary>The Track object of the contract.</summary>
internal static class TrackJson
{
    /// <summary>
    /// The absolute base of preview URLs: --preview-base-uri when given (another server may serve them), else this
    /// request's own scheme and host, e.g. http://127.0.0.1:5080/previews/.
    /// </summary>
    public static string PreviewBase(HttpRequest request, EmulatorOptions options) =>
        options.PreviewBaseUri?.AbsoluteUri ?? $"{request.Scheme}://{request.Host}{PreviewEndpoint.Prefix}";

    public static void Write(Utf8JsonWriter json, Track track, string previewBase)
    {
        json.WriteStartObject();
        json.WriteString("id", track.Id);
        json.WriteString("title", track.Title);
        json.WriteString("artist", track.Artist);
        json.WriteNumber("duration_seconds", track.DurationSeconds);
        json.WriteNumber("bpm", track.Bpm);
        json.WriteString("key", track.Key);
        json.WriteString("genre", track.Genre);
        WriteStrings(json, "subgenres", track.Subgenres);
        WriteStrings(json, "moods", track.Moods);
        json.WriteBoolean("has_vocals", track.HasVocals);
        json.WriteString("energy_level", track.EnergyLevel);
        WriteStrings(json, "instruments", track.Instruments);
        json.WriteString("preview_url", previewBase + track.Id + ".mp3");
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
