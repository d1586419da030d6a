namespace Trackyard;

/// <summary>The filter values the contract lists; offered as completions, never enforced client-side.</summary>
internal static class KnownValues
{
    internal static readonly string[] Genres =
    {
        "Acoustic", "Ambient", "Beats", "Blues", "Brass & Marching Band", "Children's Music", "Cinematic",
        "Classical", "Comedy", "Country", "Dance", "Disco", "Downtempo", "Easy Listening", "Electronic",
        "Electronica", "Experimental", "Fanfares", "Folk", "Funk", "Hip Hop", "House", "Jazz", "Latin", "Metal",
        "Pop", "Punk", "R&B", "Reggae", "Religious Music", "Rock", "Singer-Songwriter", "Soul",
        "Special Occasions", "World",
    };

    internal static readonly string[] Moods =
    {
        "Aggressive", "Ambient", "Angry", "Calm", "Chill", "Cinematic", "Confident", "Contemplative", "Dark",
        "Dramatic", "Dreamy", "Eccentric", "Energetic", "Epic", "Happy", "Inspiring", "Melancholic", "Mysterious",
        "Peaceful", "Playful", "Relaxed", "Romantic", "Sad", "Tense", "Upbeat", "Uplifting",
    };

    internal static readonly string[] Instruments =
    {
        "synthesizer", "guitar", "piano", "drums", "strings", "bass", "violin", "cello", "trumpet", "saxophone",
        "flute", "organ", "vocals", "percussion", "harp", "ukulele", "banjo", "choir", "brass",
    };

    internal static readonly string[] EnergyLevels = { "low", "medium", "high" };
}
