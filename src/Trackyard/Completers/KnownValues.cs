using System.Linq;

namespace Trackyard;

/// <summary>
/// Filter values offered as completions, never enforced client-side (the server decides). Each list is split into
/// the values the public Trackyard docs give and the ones this module adds (the local emulator's vocabulary), so
/// completion can offer the documented ones first and say which are not documented.
/// </summary>
internal static class KnownValues
{
    /// <summary>The 35 parent genres, the docs' complete list.</summary>
    internal static readonly string[] DocumentedGenres =
    {
        "Acoustic", "Ambient", "Beats", "Blues", "Brass & Marching Band", "Children's Music", "Cinematic",
        "Classical", "Comedy", "Country", "Dance", "Disco", "Downtempo", "Easy Listening", "Electronic",
        "Electronica", "Experimental", "Fanfares", "Folk", "Funk", "Hip Hop", "House", "Jazz", "Latin", "Metal",
        "Pop", "Punk", "R&B", "Reggae", "Religious Music", "Rock", "Singer-Songwriter", "Soul",
        "Special Occasions", "World",
    };

    /// <summary>The moods the docs name: their list, which is cut off after Eccentric, and Energetic and Upbeat from their examples.</summary>
    internal static readonly string[] DocumentedMoods =
    {
        "Ambient", "Angry", "Calm", "Chill", "Cinematic", "Confident", "Contemplative", "Dark", "Dramatic", "Dreamy",
        "Eccentric", "Energetic", "Upbeat",
    };

    /// <summary>Moods the docs do not list: a plausible continuation of their list, the one the emulator uses.</summary>
    internal static readonly string[] AddedMoods =
    {
        "Aggressive", "Elegant", "Epic", "Euphoric", "Happy", "Hopeful", "Inspiring", "Melancholic", "Moody",
        "Mysterious", "Nostalgic", "Peaceful", "Playful", "Quirky", "Relaxed", "Romantic", "Sad", "Sentimental",
        "Serious", "Suspenseful", "Tense", "Triumphant", "Uplifting",
    };

    /// <summary>The instruments the docs give as examples.</summary>
    internal static readonly string[] DocumentedInstruments = { "synthesizer", "guitar", "piano", "drums", "strings" };

    /// <summary>Instruments the docs do not name (their list is open).</summary>
    internal static readonly string[] AddedInstruments =
    {
        "bass", "violin", "cello", "trumpet", "saxophone", "flute", "organ", "vocals", "percussion", "harp", "ukulele",
        "banjo", "choir", "brass", "marimba", "clarinet", "accordion", "harmonica", "trombone", "vibraphone", "bells",
    };

    internal static readonly string[] EnergyLevels = { "low", "medium", "high" };

    /// <summary>Every genre, documented first.</summary>
    internal static readonly string[] Genres = DocumentedGenres;

    /// <summary>Every mood, documented first.</summary>
    internal static readonly string[] Moods = DocumentedMoods.Concat(AddedMoods).ToArray();

    /// <summary>Every instrument, documented first.</summary>
    internal static readonly string[] Instruments = DocumentedInstruments.Concat(AddedInstruments).ToArray();
}
