namespace Trackyard.Emulator;

/// <summary>A parent genre with its sub-genres, a typical tempo range, the instruments it uses and how often it has vocals.</summary>
internal sealed record GenreInfo(string Name, string[] Subgenres, int MinBpm, int MaxBpm, string[] Instruments, double VocalShare);

/// <summary>The fixed vocabulary of the catalogue: the 35 parent genres of the contract, moods, instruments, keys.</summary>
public static class CatalogData
{
    internal static readonly GenreInfo[] GenreTable =
    [
        new("Acoustic", ["Acoustic Pop", "Acoustic Folk", "Unplugged"], 70, 130, ["guitar", "piano", "ukulele", "violin", "cello", "percussion", "harmonica"], 0.5),
        new("Ambient", ["Dark Ambient", "Drone", "Space Ambient"], 40, 90, ["synthesizer", "piano", "strings", "harp", "choir"], 0.1),
        new("Beats", ["Lo-Fi Beats", "Chillhop", "Boom Bap Beats"], 70, 100, ["drums", "bass", "piano", "synthesizer", "vibraphone"], 0.2),
        new("Blues", ["Delta Blues", "Chicago Blues", "Blues Rock"], 60, 130, ["guitar", "harmonica", "piano", "bass", "drums", "organ"], 0.6),
        new("Brass & Marching Band", ["Marching Band", "Brass Band", "Military March"], 100, 130, ["trumpet", "trombone", "brass", "drums", "percussion", "clarinet"], 0.05),
        new("Children's Music", ["Lullaby", "Nursery Rhyme", "Kids Pop"], 80, 140, ["ukulele", "piano", "marimba", "percussion", "flute", "guitar"], 0.5),
        new("Cinematic", ["Epic Orchestral", "Trailer", "Film Score"], 60, 140, ["strings", "brass", "piano", "choir", "percussion", "cello", "drums"], 0.15),
        new("Classical", ["Baroque", "Romantic Era", "Minimalism"], 50, 140, ["piano", "violin", "cello", "strings", "harp", "flute", "clarinet"], 0.05),
        new("Comedy", ["Cartoon", "Quirky", "Slapstick"], 90, 160, ["clarinet", "trombone", "marimba", "ukulele", "percussion", "accordion"], 0.2),
        new("Country", ["Bluegrass", "Country Pop", "Americana"], 80, 140, ["guitar", "banjo", "violin", "harmonica", "bass", "drums"], 0.7),
        new("Dance", ["EDM", "Electro Pop", "Dance Pop"], 118, 135, ["synthesizer", "drums", "bass", "piano"], 0.5),
        new("Disco", ["Nu Disco", "Classic Disco", "Italo Disco"], 110, 130, ["bass", "drums", "strings", "guitar", "synthesizer", "brass"], 0.5),
        new("Downtempo", ["Trip Hop", "Chillout", "Lounge Electronica"], 60, 100, ["synthesizer", "bass", "drums", "piano", "saxophone"], 0.3),
        new("Easy Listening", ["Lounge", "Exotica", "Light Orchestral"], 70, 120, ["piano", "vibraphone", "strings", "guitar", "flute", "saxophone"], 0.3),
        new("Electronic", ["Synthwave", "Techno", "Electro"], 90, 150, ["synthesizer", "drums", "bass"], 0.25),
        new("Electronica", ["IDM", "Glitch", "Folktronica"], 80, 140, ["synthesizer", "drums", "bass", "guitar", "piano"], 0.25),
        new("Experimental", ["Avant-Garde", "Noise", "Sound Collage"], 40, 180, ["synthesizer", "percussion", "cello", "piano"], 0.15),
        new("Fanfares", ["Royal Fanfare", "Sports Fanfare", "Ceremonial"], 90, 130, ["trumpet", "brass", "trombone", "drums", "percussion"], 0.0),
        new("Folk", ["Indie Folk", "Celtic", "Traditional Folk"], 70, 140, ["guitar", "violin", "banjo", "accordion", "flute", "harmonica"], 0.6),
        new("Funk", ["P-Funk", "Funk Rock", "Boogie"], 95, 125, ["bass", "guitar", "drums", "brass", "saxophone", "organ"], 0.5),
        new("Hip Hop", ["Boom Bap", "Lo-Fi Hip Hop", "Trap"], 70, 150, ["drums", "bass", "synthesizer", "piano"], 0.6),
        new("House", ["Deep House", "Tech House", "Progressive House"], 118, 130, ["synthesizer", "drums", "bass", "piano"], 0.35),
        new("Jazz", ["Bebop", "Swing", "Cool Jazz"], 60, 200, ["saxophone", "trumpet", "piano", "bass", "drums", "vibraphone", "trombone"], 0.3),
        new("Latin", ["Salsa", "Bossa Nova", "Reggaeton"], 80, 180, ["guitar", "percussion", "trumpet", "piano", "bass", "drums", "accordion"], 0.6),
        new("Metal", ["Heavy Metal", "Thrash Metal", "Doom Metal"], 60, 200, ["guitar", "bass", "drums"], 0.7),
        new("Pop", ["Indie Pop", "Synth Pop", "Teen Pop"], 90, 130, ["synthesizer", "guitar", "piano", "drums", "bass", "strings"], 0.8),
        new("Punk", ["Pop Punk", "Hardcore Punk", "Post-Punk"], 140, 200, ["guitar", "bass", "drums"], 0.8),
        new("R&B", ["Contemporary R&B", "Neo Soul", "New Jack Swing"], 60, 110, ["synthesizer", "bass", "drums", "piano", "guitar", "strings"], 0.85),
        new("Reggae", ["Roots Reggae", "Dub", "Ska"], 60, 150, ["guitar", "bass", "drums", "organ", "brass"], 0.6),
        new("Religious Music", ["Gospel", "Hymn", "Worship"], 60, 120, ["choir", "organ", "piano", "strings", "guitar"], 0.7),
        new("Rock", ["Indie Rock", "Classic Rock", "Alternative Rock"], 90, 170, ["guitar", "bass", "drums", "piano", "organ"], 0.7),
        new("Singer-Songwriter", ["Acoustic Ballad", "Storyteller", "Indie Singer-Songwriter"], 60, 120, ["guitar", "piano", "harmonica", "cello"], 0.95),
        new("Soul", ["Classic Soul", "Motown", "Northern Soul"], 70, 120, ["organ", "bass", "drums", "brass", "piano", "strings"], 0.85),
        new("Special Occasions", ["Wedding", "Birthday", "Christmas"], 60, 140, ["piano", "strings", "bells", "choir", "brass"], 0.3),
        new("World", ["Afrobeat", "Middle Eastern", "Indian Classical"], 70, 140, ["percussion", "flute", "strings", "guitar", "accordion", "harp"], 0.4),
    ];

    /// <summary>The 35 parent genres, verbatim from the contract.</summary>
    public static readonly IReadOnlyList<string> Genres = Array.ConvertAll(GenreTable, g => g.Name);

    /// <summary>Moods by energy: low, medium, high. The contract's known moods plus a plausible continuation.</summary>
    internal static readonly string[][] MoodsByEnergy =
    [
        ["Ambient", "Calm", "Chill", "Contemplative", "Dreamy", "Melancholic", "Nostalgic", "Peaceful", "Relaxed", "Romantic", "Sad", "Sentimental"],
        ["Cinematic", "Confident", "Dark", "Eccentric", "Elegant", "Happy", "Hopeful", "Inspiring", "Moody", "Mysterious", "Playful", "Quirky", "Serious"],
        ["Aggressive", "Angry", "Dramatic", "Energetic", "Epic", "Euphoric", "Suspenseful", "Tense", "Triumphant", "Upbeat", "Uplifting"],
    ];

    /// <summary>Every mood of the catalogue, sorted: the documented ones and the emulator's continuation.</summary>
    public static readonly IReadOnlyList<string> Moods = MoodsByEnergy.SelectMany(m => m).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The moods the public docs name: their list (cut off after Eccentric) and the two their examples use.
    /// Every other mood in <see cref="Moods"/> is the emulator's own continuation.
    /// </summary>
    public static readonly IReadOnlyList<string> DocumentedMoods =
        ["Ambient", "Angry", "Calm", "Chill", "Cinematic", "Confident", "Contemplative", "Dark", "Dramatic", "Dreamy", "Eccentric", "Upbeat", "Energetic"];

    /// <summary>The instruments the docs give as examples; the other instruments are the emulator's.</summary>
    public static readonly IReadOnlyList<string> DocumentedInstruments = ["synthesizer", "guitar", "piano", "drums", "strings"];

    /// <summary>
    /// Genre filter names real clients send that are not one of the 35 names, keyed by <see cref="NameKey"/>:
    /// the public bash client's <c>electronicDance</c> (and EDM) mean the Dance parent genre, whose sub-genres hold EDM.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> GenreAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["electronicdance"] = "Dance",
        ["edm"] = "Dance",
        ["rnb"] = "R&B",
    };

    /// <summary>Instrument filter spellings, keyed by <see cref="NameKey"/>.</summary>
    internal static readonly IReadOnlyDictionary<string, string> InstrumentAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["synth"] = "synthesizer",
        ["synths"] = "synthesizer",
        ["synthesiser"] = "synthesizer",
        ["sax"] = "saxophone",
        ["drum"] = "drums",
        ["string"] = "strings",
        ["bell"] = "bells",
    };

    public static readonly IReadOnlyList<string> Instruments =
    [
        "synthesizer", "guitar", "piano", "drums", "strings", "bass", "violin", "cello", "trumpet", "saxophone",
        "flute", "organ", "percussion", "harp", "ukulele", "banjo", "choir", "brass", "marimba", "clarinet",
        "accordion", "harmonica", "trombone", "vibraphone", "bells",
    ];

    public static readonly IReadOnlyList<string> EnergyLevels = ["low", "medium", "high"];

    internal static readonly string[] Notes = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];

    internal static readonly string[] TitleAdjectives =
    [
        "Midnight", "Golden", "Velvet", "Silent", "Electric", "Crimson", "Distant", "Broken", "Hidden", "Wild",
        "Frozen", "Neon", "Lonely", "Gentle", "Restless", "Silver", "Endless", "Fading", "Burning", "Paper",
        "Northern", "Hollow", "Sunlit", "Starlit", "Secret", "Faded", "Amber", "Copper", "Winter", "Summer",
    ];

    internal static readonly string[] TitleNouns =
    [
        "Horizon", "Echoes", "Rain", "Skyline", "Heart", "River", "Lights", "Road", "Dreams", "Shadows",
        "Ocean", "Garden", "Streets", "Memories", "Thunder", "Harbor", "Mountains", "Waves", "Sunrise", "Sunset",
        "Fields", "Mirrors", "Stories", "Canyon", "Lanterns", "Voyage", "Tides", "Meadow", "Circuit", "Avenue",
    ];

    internal static readonly string[] TitleSuffixes = ["", "", "", " (Reprise)", " (Extended Mix)", " Part II", " (Live)", " (Radio Edit)"];

    internal static readonly string[] FirstNames =
    [
        "Ava", "Liam", "Maya", "Noah", "Zoe", "Elias", "Nina", "Oscar", "Lena", "Theo",
        "Iris", "Felix", "Mila", "Hugo", "Clara", "Jonas", "Sofia", "Leo", "Aria", "Emil",
    ];

    internal static readonly string[] LastNames =
    [
        "Hart", "Rivers", "Stone", "Vance", "Moreau", "Lindqvist", "Okafor", "Tanaka", "Novak", "Reyes",
        "Whitfield", "Calloway", "Brandt", "Sato", "Ferreira", "Holm", "Quinn", "Marlowe", "Kessler", "Abara",
    ];

    internal static readonly string[] BandAdjectives = ["Velvet", "Paper", "Electric", "Northern", "Silver", "Midnight", "Crystal", "Wandering"];

    internal static readonly string[] BandNouns = ["Owls", "Foxes", "Satellites", "Lanterns", "Pilots", "Machines", "Orchard", "Collective"];
}
