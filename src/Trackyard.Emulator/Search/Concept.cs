namespace Trackyard.Emulator;

/// <summary>
/// What a word or phrase of a brief means for the music: points for tracks with these genres, moods, instruments,
/// energy levels, tempos or vocals. Indexes are positions in <see cref="CatalogData"/>'s lists.
/// </summary>
internal sealed class Concept
{
    public List<(int Index, int Weight)> Genres { get; } = [];
    public List<(int Index, int Weight)> Moods { get; } = [];
    public List<(int Index, int Weight)> Instruments { get; } = [];
    public List<(int Index, int Weight)> Energies { get; } = [];

    /// <summary>A tempo range: full weight inside, half within <see cref="QueryPlan.TempoSlack"/> bpm of it.</summary>
    public List<(int MinBpm, int MaxBpm, int Weight)> Tempos { get; } = [];
    public List<(bool HasVocals, int Weight)> Vocals { get; } = [];

    /// <summary>Adds another concept's signals to this one (a phrase defined twice means both).</summary>
    public void Merge(Concept other)
    {
        Genres.AddRange(other.Genres);
        Moods.AddRange(other.Moods);
        Instruments.AddRange(other.Instruments);
        Energies.AddRange(other.Energies);
        Tempos.AddRange(other.Tempos);
        Vocals.AddRange(other.Vocals);
    }
}

/// <summary>Builds a <see cref="Concept"/> from names; an unknown name is a bug in the vocabulary and throws.</summary>
internal sealed class ConceptBuilder
{
    public Concept Concept { get; } = new();

    public ConceptBuilder Genre(int weight, params string[] names) => Add(Concept.Genres, CatalogData.Genres, weight, names);

    public ConceptBuilder Mood(int weight, params string[] names) => Add(Concept.Moods, CatalogData.Moods, weight, names);

    public ConceptBuilder Instrument(int weight, params string[] names) => Add(Concept.Instruments, CatalogData.Instruments, weight, names);

    public ConceptBuilder Energy(int weight, params string[] levels) => Add(Concept.Energies, CatalogData.EnergyLevels, weight, levels);

    public ConceptBuilder Tempo(int minBpm, int maxBpm, int weight)
    {
        Concept.Tempos.Add((minBpm, maxBpm, weight));
        return this;
    }

    public ConceptBuilder Vocals(bool hasVocals, int weight)
    {
        Concept.Vocals.Add((hasVocals, weight));
        return this;
    }

    private ConceptBuilder Add(List<(int, int)> target, IReadOnlyList<string> known, int weight, string[] names)
    {
        foreach (var name in names)
        {
            var index = -1;
            for (var i = 0; i < known.Count; i++)
            {
                if (string.Equals(known[i], name, StringComparison.Ordinal))
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                throw new InvalidOperationException($"The search vocabulary names '{name}', which the catalogue does not have.");
            }

            target.Add((index, weight));
        }

        return this;
    }
}
