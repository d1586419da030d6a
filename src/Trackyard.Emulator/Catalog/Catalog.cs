using System.Text;

namespace Trackyard.Emulator;

/// <summary>
/// The deterministic track catalogue: <c>size</c> tracks from a seed, sorted by id (so a track's index is its
/// rank in id order, which search uses as the tie-break). The special tracks have fixed ids for every seed.
/// </summary>
public sealed class Catalog
{
    public const string LongTrackId = "LongTrackForBenchmarks00001";
    public const int LongTrackSeconds = 3600;
    public const string HostileArtist = "Edge Case Ensemble";

    /// <summary>Titles that break naive file-name handling, with fixed ids HostileTitle000000000000001…009.</summary>
    public static readonly IReadOnlyList<(string Id, string Title)> HostileTitles =
    [
        ("HostileTitle000000000000001", "Rise/Fall (Side A/Side B)"),
        ("HostileTitle000000000000002", "Back\\Slash Blues"),
        ("HostileTitle000000000000003", "Chapter 1: The Beginning"),
        ("HostileTitle000000000000004", "The \"Quoted\" Anthem"),
        ("HostileTitle000000000000005", "..Dots.. and ../../etc/passwd"),
        ("HostileTitle000000000000006", "Café Noir — Ünïcode"),
        ("HostileTitle000000000000007", BuildLongTitle()),
        ("HostileTitle000000000000008", "Wild *Card* <Tags> | Pipes? CON"),
        ("HostileTitle000000000000009", "東京の夜 Tokyo Nights"),
    ];

    public static int SpecialTrackCount => HostileTitles.Count + 1;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly Dictionary<string, Track> _byId;
    private readonly Dictionary<string, int> _genreIndex;
    private readonly Dictionary<string, int> _moodIndex;
    private readonly Dictionary<string, int> _instrumentIndex;
    private readonly Dictionary<string, int> _energyIndex;

    public Catalog(int seed, int size)
    {
        if (size < SpecialTrackCount)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"--catalog-size must be at least {SpecialTrackCount}.");
        }

        _genreIndex = IndexOf(CatalogData.Genres, NameKey.Of);
        _moodIndex = IndexOf(CatalogData.Moods, NameKey.Of);
        _instrumentIndex = IndexOf(CatalogData.Instruments, NameKey.Of);
        _energyIndex = IndexOf(CatalogData.EnergyLevels, name => name);

        var random = new DeterministicRandom(seed);
        var tracks = new List<Track>(size);
        var ids = new HashSet<string>(StringComparer.Ordinal) { LongTrackId };
        foreach (var (id, _) in HostileTitles)
        {
            ids.Add(id);
        }

        for (var i = 0; i < size - SpecialTrackCount; i++)
        {
            string id;
            do
            {
                id = RandomId(random);
            }
            while (!ids.Add(id));
            tracks.Add(RandomTrack(random, id));
        }

        foreach (var (id, title) in HostileTitles)
        {
            tracks.Add(RandomTrack(random, id, title, HostileArtist));
        }

        tracks.Add(RandomTrack(random, LongTrackId, "Endless Drift (One Hour Mix)", "Lena Lindqvist", genre: "Ambient", durationSeconds: LongTrackSeconds));

        tracks.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        Tracks = tracks;
        _byId = tracks.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>All tracks, sorted by id (ordinal).</summary>
    public IReadOnlyList<Track> Tracks { get; }

    public Track? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A parent genre by name, ignoring case, spacing, hyphens and apostrophe style (<see cref="NameKey"/>), or by a known alias.</summary>
    public bool TryGetGenreIndex(string name, out int index) => TryFind(_genreIndex, CatalogData.GenreAliases, name, allowPlural: false, out index);

    /// <summary>A mood by name, ignoring case, spacing, hyphens and apostrophe style.</summary>
    public bool TryGetMoodIndex(string name, out int index) => TryFind(_moodIndex, null, name, allowPlural: false, out index);

    /// <summary>An instrument by name, ignoring case, spacing and hyphens, a final plural "s", or by a known alias ("synth").</summary>
    public bool TryGetInstrumentIndex(string name, out int index) => TryFind(_instrumentIndex, CatalogData.InstrumentAliases, name, allowPlural: true, out index);

    public bool TryGetEnergyIndex(string name, out int index) => _energyIndex.TryGetValue(name, out index);

    private Track RandomTrack(DeterministicRandom random, string id, string? title = null, string? artist = null, string? genre = null, int? durationSeconds = null)
    {
        var info = genre is null ? random.Pick(CatalogData.GenreTable) : CatalogData.GenreTable.First(g => g.Name == genre);
        var bpm = random.Between(info.MinBpm, info.MaxBpm);

        // Energy follows the tempo most of the time, as it does in real catalogues.
        var energy = bpm < 90 ? 0 : bpm <= 125 ? 1 : 2;
        if (random.NextDouble() < 0.2)
        {
            energy = random.Next(3);
        }

        var moods = new List<string>();
        var moodCount = random.Between(1, 3);
        while (moods.Count < moodCount)
        {
            var pool = random.NextDouble() < 0.75 ? CatalogData.MoodsByEnergy[energy] : random.Pick(CatalogData.MoodsByEnergy);
            var mood = random.Pick(pool);
            if (!moods.Contains(mood))
            {
                moods.Add(mood);
            }
        }

        var instruments = new List<string>();
        var instrumentCount = random.Between(2, Math.Min(4, info.Instruments.Length));
        while (instruments.Count < instrumentCount)
        {
            var instrument = random.Pick(info.Instruments);
            if (!instruments.Contains(instrument))
            {
                instruments.Add(instrument);
            }
        }

        var subgenres = new List<string> { random.Pick(info.Subgenres) };
        if (random.NextDouble() < 0.3)
        {
            var second = random.Pick(info.Subgenres);
            if (second != subgenres[0])
            {
                subgenres.Add(second);
            }
        }

        var hasVocals = random.NextDouble() < info.VocalShare;
        var key = random.Pick(CatalogData.Notes) + (random.NextDouble() < 0.5 ? " major" : " minor");
        var duration = durationSeconds ?? (random.NextDouble() < 0.6 ? random.Between(90, 240) : random.Between(30, 400));

        return new Track
        {
            Id = id,
            Title = title ?? RandomTitle(random),
            Artist = artist ?? RandomArtist(random),
            DurationSeconds = duration,
            Bpm = bpm,
            Key = key,
            Genre = info.Name,
            Subgenres = subgenres,
            Moods = moods,
            HasVocals = hasVocals,
            EnergyLevel = CatalogData.EnergyLevels[energy],
            Instruments = instruments,
            GenreIndex = _genreIndex[NameKey.Of(info.Name)],
            MoodMask = Mask(moods, _moodIndex),
            InstrumentMask = Mask(instruments, _instrumentIndex),
            EnergyIndex = energy,
        };
    }

    private static string RandomTitle(DeterministicRandom random)
    {
        var adjective = random.Pick(CatalogData.TitleAdjectives);
        var noun = random.Pick(CatalogData.TitleNouns);
        var core = random.Next(4) switch
        {
            0 => $"{adjective} {noun}",
            1 => $"The {adjective} {noun}",
            2 => $"{noun} of the {random.Pick(CatalogData.TitleNouns)}",
            _ => $"{adjective} {random.Pick(CatalogData.TitleAdjectives)} {noun}",
        };
        return core + random.Pick(CatalogData.TitleSuffixes);
    }

    private static string RandomArtist(DeterministicRandom random) => random.Next(3) == 0
        ? $"The {random.Pick(CatalogData.BandAdjectives)} {random.Pick(CatalogData.BandNouns)}"
        : $"{random.Pick(CatalogData.FirstNames)} {random.Pick(CatalogData.LastNames)}";

    private static string RandomId(DeterministicRandom random)
    {
        Span<char> chars = stackalloc char[27];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Base62[random.Next(Base62.Length)];
        }

        return new string(chars);
    }

    private static ulong Mask(IEnumerable<string> names, Dictionary<string, int> index)
    {
        ulong mask = 0;
        foreach (var name in names)
        {
            mask |= 1UL << index[NameKey.Of(name)];
        }

        return mask;
    }

    private static Dictionary<string, int> IndexOf(IReadOnlyList<string> names, Func<string, string> key)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            index.Add(key(names[i]), i);
        }

        return index;
    }

    private static bool TryFind(Dictionary<string, int> index, IReadOnlyDictionary<string, string>? aliases, string name, bool allowPlural, out int found)
    {
        var key = NameKey.Of(name);
        if (index.TryGetValue(key, out found))
        {
            return true;
        }

        if (aliases is not null && aliases.TryGetValue(key, out var canonical))
        {
            return index.TryGetValue(NameKey.Of(canonical), out found);
        }

        // A plural ("guitars"); only for instruments, whose names are nouns.
        return allowPlural && key.Length > 3 && key[^1] == 's' && index.TryGetValue(key[..^1], out found);
    }

    private static string BuildLongTitle()
    {
        var title = new StringBuilder("An Extraordinarily Long Title");
        var words = new[] { "Wandering", "Through", "Every", "Quiet", "Corner", "Of", "The", "Sleeping", "City", "Until", "Morning" };
        var i = 0;
        while (title.Length <= 230)
        {
            title.Append(' ').Append(words[i++ % words.Length]);
        }

        return title.ToString();
    }
}
