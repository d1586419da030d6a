namespace Trackyard.Emulator;

/// <summary>
/// The words and phrases a brief uses, each mapped to a <see cref="Concept"/>: every genre, mood and instrument of the
/// catalogue by name, their near words and common spellings, instrument families, tempo and energy words, vocals, and
/// use cases (podcast intro, trailer, reel, vlog, corporate, workout, study, …) mapped to plausible moods, energy and
/// tempo. Phrases are stored as their stemmed words joined by one space, so they match however the query spells
/// case, hyphens and apostrophes.
/// </summary>
internal sealed class Vocabulary
{
    /// <summary>A genre named outright (its name or a spelling of it).</summary>
    public const int NamedGenre = 12;

    /// <summary>A mood or instrument named outright.</summary>
    public const int Named = 10;

    /// <summary>A near word that points at one value ("melancholy" → Melancholic).</summary>
    public const int Strong = 5;

    /// <summary>A value a word or use case suggests.</summary>
    public const int Near = 4;

    /// <summary>A value a word hints at, among several.</summary>
    public const int Hint = 2;

    /// <summary>The longest phrase, in words.</summary>
    public const int MaxPhraseWords = 4;

    /// <summary>The longest spelling variant, in words ("r and b").</summary>
    public const int MaxSpellingWords = 3;

    /// <summary>The one vocabulary of the emulator; it depends only on <see cref="CatalogData"/>.</summary>
    public static readonly Vocabulary Default = new();

    private readonly Dictionary<string, Concept> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _spellings = new(StringComparer.Ordinal);

    private Vocabulary()
    {
        AddSpellings();
        AddCatalogueNames();
        AddMoodWords();
        AddTempoAndEnergyWords();
        AddInstrumentWords();
        AddGenreWords();
        AddUseCases();
    }

    /// <summary>Every phrase the vocabulary knows (stemmed words joined by a space).</summary>
    public IReadOnlyCollection<string> Phrases => _phrases.Keys;

    /// <summary>The concept of a phrase of stemmed words joined by one space.</summary>
    public bool TryGet(string phrase, out Concept concept) => _phrases.TryGetValue(phrase, out concept!);

    /// <summary>
    /// The canonical words for a spelling variant ("hiphop" → "hip", "hop"; "rnb" → "r&amp;b"), so that the keyword
    /// match and the vocabulary see every spelling alike.
    /// </summary>
    public bool TryGetSpelling(string phrase, out string[] words) => _spellings.TryGetValue(phrase, out words!);

    /// <summary>How a phrase is keyed: its words, stemmed, joined by one space.</summary>
    public static string Key(string phrase) => string.Join(' ', Tokenizer.Words(phrase).Select(Tokenizer.Stem));

    private void Spell(string variants, string canonical)
    {
        var words = Tokenizer.Words(canonical).Select(Tokenizer.Stem).ToArray();
        foreach (var variant in variants.Split('|'))
        {
            var key = Key(variant);
            if (key.Count(c => c == ' ') >= MaxSpellingWords)
            {
                throw new InvalidOperationException($"The spelling variant '{variant}' is too long.");
            }

            _spellings[key] = words;
        }
    }

    private void Add(string phrases, Action<ConceptBuilder> build)
    {
        var builder = new ConceptBuilder();
        build(builder);
        // Spellings that stem alike ("drum|drums") are one phrase, counted once.
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phrase in phrases.Split('|'))
        {
            var key = Key(phrase);
            if (!keys.Add(key))
            {
                continue;
            }

            if (key.Length == 0 || key.Count(c => c == ' ') >= MaxPhraseWords)
            {
                throw new InvalidOperationException($"The search vocabulary phrase '{phrase}' is empty or too long.");
            }

            if (_phrases.TryGetValue(key, out var existing))
            {
                existing.Merge(builder.Concept);
            }
            else
            {
                var concept = new Concept();
                concept.Merge(builder.Concept);
                _phrases[key] = concept;
            }
        }
    }

    private void AddSpellings()
    {
        Spell("hiphop", "hip hop");
        Spell("lofi|lo fi|low fi", "lo fi");
        Spell("rnb|r n b|r and b|randb", "r&b");
        Spell("singersongwriter", "singer songwriter");
        Spell("electronicdance", "electronic dance");
        Spell("postpunk", "post punk");
        Spell("boombap", "boom bap");
        Spell("triphop", "trip hop");
        Spell("nudisco", "nu disco");
        Spell("synthpop", "synth pop");
        Spell("bossanova", "bossa nova");
        Spell("uptempo|up tempo", "uptempo");
        Spell("down tempo", "downtempo");
        Spell("sci fi|scifi", "scifi");
        Spell("8 bit", "8bit");
        Spell("laid back", "laidback");
        Spell("feel good", "feelgood");
        Spell("low key", "lowkey");
        Spell("old school", "oldschool");
    }

    /// <summary>Every genre, mood and instrument of the catalogue by its own name.</summary>
    private void AddCatalogueNames()
    {
        foreach (var genre in CatalogData.Genres.Where(g => g != "Beats"))
        {
            Add(genre, c => c.Genre(NamedGenre, genre));
        }

        // "beat" usually means a rhythm ("a driving beat"); as the genre it needs help ("lo-fi beats").
        Add("beats|beat", c => c.Genre(Strong, "Beats"));

        foreach (var mood in CatalogData.Moods)
        {
            // "ambient" and "cinematic" also name a genre: the genre leads, the mood adds a little.
            var alsoGenre = CatalogData.Genres.Contains(mood);
            Add(mood, c => c.Mood(alsoGenre ? Strong : Named, mood));
        }

        foreach (var instrument in CatalogData.Instruments)
        {
            Add(instrument, c => c.Instrument(Named, instrument));
        }
    }

    private void AddMoodWords()
    {
        Add("sad|sadness|sorrow|sorrowful|heartbreak|heartbroken|tearful|crying", c => c.Mood(Strong, "Sad").Mood(Near, "Melancholic").Mood(Hint, "Sentimental").Energy(Hint, "low"));
        Add("melancholic|melancholy|wistful|bittersweet|somber|sombre|gloomy|bleak|lonely|lonesome", c => c.Mood(Strong, "Melancholic").Mood(Near, "Sad").Mood(Hint, "Nostalgic", "Moody"));
        Add("moody|brooding|broody|sultry", c => c.Mood(Near - 1, "Dark", "Melancholic", "Mysterious"));
        Add("rain|rainy|raining|rainfall|rainy day|drizzle|grey|gray|overcast|stormy|storm|autumn", c => c
            .Mood(Strong, "Melancholic", "Moody").Mood(Near, "Sad", "Contemplative").Mood(Hint, "Calm")
            .Energy(Hint, "low").Tempo(50, 100, Hint));
        Add("dark|darker|sinister|ominous|menacing|grim", c => c.Mood(Near, "Mysterious").Mood(Hint, "Suspenseful", "Tense"));
        Add("sinister|ominous|menacing|grim", c => c.Mood(Strong, "Dark"));
        Add("happy|cheerful|joyful|joyous|joy|fun|bright|sunny|feelgood|positive|carefree|lighthearted|light hearted", c => c
            .Mood(Strong, "Happy").Mood(Near, "Playful", "Upbeat").Mood(Hint, "Uplifting"));
        Add("uplifting|inspiring|inspirational|motivational|motivating|hopeful|optimistic|empowering|encouraging|heartwarming", c => c
            .Mood(Strong, "Uplifting", "Inspiring").Mood(Near, "Hopeful").Mood(Hint, "Triumphant"));
        Add("epic|heroic|grand|majestic|huge|massive|big|anthemic|anthem", c => c
            .Mood(Strong, "Epic").Mood(Near, "Triumphant", "Dramatic").Energy(Hint, "high").Genre(Hint, "Cinematic"));
        Add("triumphant|victorious|victory|winning|celebratory|glorious", c => c.Mood(Strong, "Triumphant").Mood(Near, "Epic", "Uplifting"));
        Add("dramatic|drama", c => c.Mood(Near, "Epic", "Tense"));
        Add("tense|tension|suspense|suspenseful|thriller|thrilling|nervous|anxious|anxiety|edgy|urgent|uneasy", c => c
            .Mood(Strong, "Tense", "Suspenseful").Mood(Near, "Dark").Mood(Hint, "Mysterious"));
        Add("mysterious|mystery|mystical|eerie|spooky|haunting|haunted|enigmatic|cryptic", c => c
            .Mood(Strong, "Mysterious").Mood(Near, "Dark", "Suspenseful"));
        Add("scary|horror|creepy|frightening|terrifying|halloween|nightmare", c => c
            .Mood(Strong, "Dark", "Suspenseful").Mood(Near, "Tense", "Mysterious").Genre(Hint, "Cinematic", "Experimental"));
        Add("angry|anger|rage|furious|fierce|aggressive|aggression|violent|brutal|hard|hardcore", c => c
            .Mood(Strong, "Aggressive", "Angry").Energy(Near, "high"));
        Add("heavy|heavier", c => c.Genre(Near, "Metal").Mood(Near, "Aggressive").Energy(Near, "high").Instrument(Hint, "guitar", "drums"));
        Add("calm|calming|peaceful|peace|serene|serenity|tranquil|tranquility", c => c
            .Mood(Strong, "Calm", "Peaceful").Mood(Near, "Relaxed").Energy(Near, "low").Tempo(40, 90, Hint));
        Add("relaxed|relaxing|relax|unwind|laidback|easygoing|easy going|lazy|breezy|cozy|cosy", c => c
            .Mood(Strong, "Relaxed").Mood(Near, "Calm", "Chill").Energy(Near, "low").Tempo(50, 100, Hint));
        Add("chilled|chillout|chilling|chillax|mellow", c => c.Mood(Strong, "Chill").Mood(Near, "Relaxed").Energy(Near, "low").Tempo(60, 100, Hint));
        Add("dreamy|dream|dreams|ethereal|atmospheric|atmosphere|floating|hazy|airy|spacey|spacious|otherworldly|celestial", c => c
            .Mood(Strong, "Dreamy").Mood(Near, "Ambient").Genre(Hint, "Ambient").Energy(Hint, "low"));
        Add("nostalgic|nostalgia|retro|vintage|oldschool|throwback|memories|memory", c => c.Mood(Strong, "Nostalgic").Mood(Near, "Sentimental"));
        Add("romantic|romance|love|loving|tender|intimate|sensual|passionate", c => c
            .Mood(Strong, "Romantic").Mood(Near, "Sentimental").Genre(Hint, "R&B", "Soul"));
        Add("sentimental|emotional|heartfelt|touching|moving|poignant|tender", c => c.Mood(Strong, "Sentimental").Mood(Near, "Sad", "Romantic"));
        Add("playful|whimsical|goofy|silly|cheeky|bouncy|zany|fun", c => c.Mood(Strong, "Playful", "Quirky").Mood(Hint, "Eccentric", "Happy"));
        Add("funny|humor|humour|humorous|comedic|comical|wacky", c => c.Genre(Near, "Comedy").Mood(Strong, "Quirky", "Playful").Mood(Near, "Eccentric"));
        Add("eccentric|weird|odd|strange|bizarre|unusual|offbeat", c => c.Mood(Strong, "Eccentric").Mood(Near, "Quirky").Genre(Hint, "Experimental"));
        Add("elegant|classy|sophisticated|luxury|luxurious|refined|stylish|chic|graceful|posh", c => c
            .Mood(Strong, "Elegant").Genre(Hint, "Jazz", "Classical", "Easy Listening").Instrument(Hint, "piano", "strings"));
        Add("confident|confidence|bold|swagger|cool|attitude|strong|determined|assertive|badass", c => c.Mood(Strong, "Confident").Energy(Hint, "medium"));
        Add("euphoric|euphoria|ecstatic|ecstasy|blissful|bliss|rave|festival", c => c.Mood(Strong, "Euphoric").Energy(Near, "high").Genre(Hint, "Dance", "House"));
        Add("serious|formal|professional|solemn|sober|grave", c => c.Mood(Strong, "Serious"));
        Add("contemplative|reflective|reflection|thoughtful|pensive|introspective|meditative|philosophical", c => c
            .Mood(Strong, "Contemplative").Mood(Hint, "Calm").Energy(Hint, "low"));
        Add("chill", c => c.Mood(Near, "Relaxed").Energy(Near, "low").Tempo(60, 100, Near));
        Add("energetic|energizing|energising|lively|vibrant|dynamic|hype|hyped|pumped|pumping|exciting|excited|adrenaline", c => c
            .Mood(Strong, "Energetic").Mood(Near, "Upbeat").Energy(Near, "high").Tempo(120, 200, Hint));
        Add("upbeat", c => c.Mood(Near - 1, "Happy").Mood(Hint, "Energetic").Energy(Hint, "high").Tempo(105, 140, Hint));
        Add("ambient", c => c.Energy(Hint, "low"));
    }

    private void AddTempoAndEnergyWords()
    {
        Add("fast|quick|rapid|speedy|uptempo|high tempo|high bpm|fast paced|brisk", c => c.Tempo(120, 200, 6).Energy(Hint, "high"));
        Add("faster|quicker|speedier|more upbeat|more energetic|higher tempo", c => c.Tempo(120, 200, 6).Energy(Near, "high"));
        Add("slow|slowly|low tempo|low bpm|slow paced|leisurely|unhurried", c => c.Tempo(40, 90, 6).Energy(Hint, "low"));
        Add("slower|calmer|softer|gentler|mellower|more relaxed|more chill", c => c.Tempo(40, 90, 6).Energy(Near, "low"));
        Add("mid tempo|midtempo|medium tempo|moderate|moderate tempo|steady", c => c.Tempo(90, 120, 6).Energy(Hint, "medium"));
        Add("driving|propulsive|pounding|relentless|marching|pulsing|pulse", c => c
            .Tempo(110, 140, Strong).Energy(Near, "high").Mood(Near, "Energetic", "Confident").Instrument(Hint, "drums", "bass"));
        Add("groovy|groove|grooving|funky", c => c.Genre(Near, "Funk", "Disco", "Soul").Tempo(95, 125, Near).Instrument(Hint, "bass"));
        Add("danceable|dancy|dancey|dancing", c => c.Genre(Near, "Dance", "House", "Disco").Tempo(115, 135, Near).Energy(Hint, "high"));
        Add("high energy|full energy|intense|intensity|powerful|explosive|loud", c => c
            .Energy(6, "high").Mood(Near, "Energetic").Mood(Hint, "Aggressive", "Dramatic", "Epic"));
        Add("low energy|lowkey|subdued|soft|gentle|quiet|subtle|soothing|delicate|minimal|minimalist|sparse", c => c
            .Energy(6, "low").Mood(Near, "Calm", "Peaceful", "Relaxed"));
        Add("medium energy|moderate energy|balanced", c => c.Energy(6, "medium"));
    }

    private void AddInstrumentWords()
    {
        Add("instrumental|instrumentals|no vocal|no vocals|without vocal|without vocals|no singing|no lyrics|vocal free|vocalless", c => c.Vocals(false, 8));
        Add("vocal|vocals|vocalist|singing|singer|sung|lyric|lyrics|voice|voices|with vocals|female vocals|male vocals|song with lyrics", c => c.Vocals(true, 8));
        Add("synth|synths|synthesiser|synthesisers|analog synth", c => c.Instrument(Named, "synthesizer"));
        Add("keys|keyboard|keyboards|keyboardist", c => c.Instrument(8, "piano").Instrument(Strong, "organ").Instrument(Near, "synthesizer").Instrument(Hint, "vibraphone"));
        Add("pianist|grand piano|solo piano|piano solo|upright piano", c => c.Instrument(Named, "piano"));
        Add("strings|string section|orchestral strings|string quartet|string orchestra", c => c.Instrument(Near, "violin", "cello").Instrument(Hint, "harp"));
        Add("violin|fiddle|violins|violinist", c => c.Instrument(Named, "violin").Instrument(Near, "strings"));
        Add("cello|cellos|cellist", c => c.Instrument(Near, "strings"));
        Add("orchestra|orchestral|symphonic|symphony|philharmonic", c => c
            .Instrument(6, "strings").Instrument(Near, "brass", "violin", "cello").Instrument(Hint, "harp", "choir").Genre(Strong, "Classical", "Cinematic"));
        Add("guitarist|guitars|strummed|strumming|fingerpicking|fingerpicked", c => c.Instrument(Named, "guitar"));
        Add("acoustic|unplugged", c => c.Instrument(Near, "guitar"));
        Add("acoustic guitar|unplugged guitar", c => c.Instrument(Named, "guitar").Genre(Near, "Acoustic"));
        Add("electric guitar|distorted guitar|guitar riff|riff|riffs", c => c.Instrument(Named, "guitar").Genre(Near, "Rock"));
        Add("bassline|bass line|bass guitar|bassist|sub bass|808", c => c.Instrument(Named, "bass"));
        Add("drum|drums|drummer|drum kit|drumming|breakbeat|breakbeats", c => c.Instrument(Near, "percussion"));
        Add("drummer|drum kit|drumming|breakbeat|breakbeats", c => c.Instrument(Named, "drums"));
        Add("percussion|percussive|tribal", c => c.Instrument(Near, "drums").Instrument(Hint, "marimba"));
        Add("percussive|tribal", c => c.Instrument(8, "percussion"));
        Add("beat|beats", c => c.Instrument(Near, "drums"));
        Add("brass", c => c.Instrument(Near, "trumpet", "trombone").Genre(Near - 1, "Brass & Marching Band"));
        Add("horn|horns|horn section", c => c.Instrument(8, "brass").Instrument(Near, "trumpet", "trombone"));
        Add("trumpet|trumpets|trombone|trombones", c => c.Instrument(Near - 1, "brass"));
        Add("woodwind|woodwinds|reed|reeds", c => c.Instrument(6, "flute", "clarinet").Instrument(Strong, "saxophone"));
        Add("sax|saxophonist|saxophones|tenor sax|alto sax", c => c.Instrument(Named, "saxophone"));
        Add("hammond|church organ|organist", c => c.Instrument(8, "organ"));
        Add("uke", c => c.Instrument(Named, "ukulele"));
        Add("choral|chorus|chant|chanting|voices|choirs", c => c.Instrument(8, "choir"));
        Add("xylophone|glockenspiel|mallets", c => c.Instrument(8, "marimba", "bells"));
        Add("vibes", c => c.Instrument(8, "vibraphone"));
        Add("chime|chimes|celesta|music box|sleigh bells", c => c.Instrument(8, "bells"));
        Add("harmonica|blues harp", c => c.Instrument(Named, "harmonica"));
    }

    private void AddGenreWords()
    {
        Add("rap|rapper|rapping|hip hop beat", c => c.Genre(NamedGenre, "Hip Hop"));
        Add("lo fi", c => c.Genre(8, "Beats").Genre(Strong, "Hip Hop").Genre(Near - 1, "Downtempo")
            .Mood(Near, "Chill").Mood(Near - 1, "Relaxed").Energy(Near - 1, "low").Tempo(60, 95, Near - 1));
        Add("electronic", c => c.Genre(Near, "Electronica").Genre(Near - 1, "Dance", "House").Instrument(Near - 1, "synthesizer"));
        Add("electro|electronics|techno|synthwave|edm|idm", c => c.Genre(Strong, "Electronic").Instrument(Near - 1, "synthesizer"));
        Add("edm|electronic dance|electronic dance music", c => c.Genre(NamedGenre, "Dance").Genre(Near, "Electronic", "House"));
        Add("club|clubby|nightclub|dancefloor|dance floor", c => c.Genre(Near, "Dance", "House", "Disco").Energy(Near - 1, "high"));
        Add("orchestral|film score|score|soundtrack|movie|film|cinema", c => c.Genre(Strong, "Cinematic").Mood(Near - 1, "Cinematic"));
        Add("scene|scenes", c => c.Genre(Hint, "Cinematic").Mood(Hint, "Cinematic"));
        Add("classical|baroque|opera|operatic", c => c.Instrument(Hint, "strings", "piano"));
        Add("country|americana|bluegrass|western|cowboy", c => c.Instrument(Near - 1, "guitar", "banjo", "harmonica"));
        Add("americana|bluegrass|western|cowboy", c => c.Genre(8, "Country").Genre(Hint, "Folk"));
        Add("celtic|irish|scottish|folksy|folky", c => c.Genre(8, "Folk").Instrument(Near - 1, "violin", "flute"));
        Add("latin|latino|salsa|bossa nova|reggaeton|samba|tango|flamenco|mariachi|cumbia", c => c.Instrument(Near - 1, "guitar", "percussion"));
        Add("latino|salsa|bossa nova|reggaeton|samba|tango|flamenco|mariachi|cumbia", c => c.Genre(Named, "Latin"));
        Add("world|ethnic|global|african|afrobeat|middle eastern|indian|asian|oriental|arabic", c => c.Instrument(Near - 1, "percussion", "flute"));
        Add("ethnic|global|african|afrobeat|middle eastern|indian|asian|arabic", c => c.Genre(Named, "World"));
        Add("gospel|worship|hymn|hymns|spiritual|church|sacred|religious", c => c.Genre(Named, "Religious Music").Instrument(Near - 1, "choir", "organ"));
        Add("marching band|brass band|military|march", c => c.Genre(Named, "Brass & Marching Band").Instrument(Near - 1, "brass", "drums"));
        Add("fanfare|fanfares|royal|ceremonial|regal", c => c.Genre(Named, "Fanfares").Instrument(Near - 1, "trumpet", "brass"));
        Add("dub|ska|roots|caribbean|jamaican|island", c => c.Genre(Strong, "Reggae"));
        Add("trip hop|chillhop|downbeat", c => c.Genre(Strong, "Downtempo", "Beats").Mood(Near - 1, "Chill"));
        Add("lounge|easy|elevator|muzak", c => c.Genre(Strong, "Easy Listening").Mood(Near - 1, "Relaxed"));
        Add("indie|alternative|alt", c => c.Genre(Near, "Rock", "Pop", "Folk"));
        Add("grunge|garage|punk rock|emo", c => c.Genre(Strong, "Rock", "Punk").Energy(Hint, "high"));
        Add("heavy metal|thrash|doom|metalcore|headbanging", c => c.Genre(NamedGenre, "Metal").Energy(Near - 1, "high"));
        Add("motown|neo soul|soulful", c => c.Genre(Strong, "Soul", "R&B"));
        Add("avant garde|avantgarde|noise|glitch|abstract|sound design|soundscape|soundscapes|drone|drones", c => c.Genre(Strong, "Experimental", "Ambient"));
        Add("jazzy|smooth jazz|jazz club", c => c.Genre(8, "Jazz").Instrument(Hint, "saxophone", "piano"));
        Add("bluesy", c => c.Genre(8, "Blues"));
        Add("poppy|mainstream|radio friendly|catchy", c => c.Genre(Strong, "Pop").Mood(Hint, "Upbeat"));
        Add("singer songwriter", c => c.Vocals(true, Hint));
    }

    /// <summary>What a piece of music is for, mapped to the moods, energy, tempo and vocals such briefs usually want.</summary>
    private void AddUseCases()
    {
        Add("podcast|podcast intro|intro|intros|opener|opening|outro|jingle|radio|sting|bumper|theme", c => c
            .Mood(Near, "Upbeat", "Confident").Mood(Near - 1, "Happy").Energy(Near - 1, "medium").Tempo(95, 125, Near - 1).Vocals(false, Near - 1));
        Add("trailer|trailers|teaser|promo", c => c
            .Genre(6, "Cinematic").Mood(Near, "Epic", "Dramatic").Mood(Near - 1, "Suspenseful", "Triumphant", "Tense")
            .Energy(Near - 1, "high").Instrument(Hint, "strings", "brass", "percussion", "drums", "choir"));
        Add("reel|reels|instagram|insta|tiktok|tik tok|shorts|short form|social media|social|snapchat", c => c
            .Mood(Near, "Upbeat", "Energetic").Mood(Near - 1, "Happy", "Playful").Energy(Near - 1, "high").Tempo(100, 130, Near - 1)
            .Genre(Hint, "Pop", "Dance", "Hip Hop", "Electronic"));
        Add("vlog|vlogs|vlogging|youtube|youtuber|lifestyle|daily|everyday|day in the life", c => c
            .Mood(Near, "Happy").Mood(Near - 1, "Upbeat", "Chill", "Playful", "Hopeful").Energy(Near - 1, "medium")
            .Genre(Hint, "Pop", "Acoustic", "Beats").Vocals(false, Hint));
        Add("travel|travelling|traveling|adventure|adventurous|journey|road trip|roadtrip|wanderlust|explore|exploring|exploration|vacation|holiday trip", c => c
            .Mood(Near, "Hopeful", "Uplifting").Mood(Near - 1, "Happy", "Inspiring").Genre(Near - 1, "World").Genre(Hint, "Acoustic", "Folk").Energy(Hint, "medium"));
        Add("corporate|business|presentation|explainer|startup|start up|tech|technology|demo|tech demo|product demo|product|launch|keynote|office|saas|app|website|pitch|conference", c => c
            .Mood(Near, "Inspiring", "Confident").Mood(Near - 1, "Uplifting", "Hopeful").Energy(Near - 1, "medium")
            .Genre(Hint, "Pop", "Electronic").Instrument(Hint, "piano", "synthesizer").Vocals(false, Near - 1));
        Add("workout|gym|fitness|training|running|run|exercise|sport|sports|cardio|crossfit|hiit|spinning|boxing", c => c
            .Mood(Strong, "Energetic").Mood(Near - 1, "Aggressive", "Triumphant", "Upbeat").Energy(Strong, "high").Tempo(125, 170, Near)
            .Genre(Hint, "Dance", "Electronic", "Hip Hop", "Rock"));
        Add("study|studying|focus|focused|concentration|concentrate|reading|homework|coding|productivity|productive|deep work", c => c
            .Mood(Near, "Calm", "Chill").Mood(Near - 1, "Contemplative", "Relaxed", "Peaceful").Energy(Near, "low").Tempo(60, 95, Near - 1)
            .Vocals(false, Near).Genre(Near - 1, "Beats").Genre(Hint, "Ambient", "Downtempo", "Classical"));
        Add("sleep|sleeping|bedtime|lullaby|meditation|meditate|yoga|spa|massage|wellness|mindfulness|mindful|relaxation|healing", c => c
            .Mood(Strong, "Peaceful", "Calm").Mood(Near, "Relaxed").Mood(Near - 1, "Dreamy").Energy(Strong, "low").Tempo(40, 80, Near)
            .Vocals(false, Near - 1).Genre(Near, "Ambient").Genre(Hint, "Classical").Instrument(Hint, "piano", "harp"));
        Add("wedding|weddings|ceremony|bride|proposal|anniversary", c => c
            .Mood(Near, "Romantic", "Sentimental", "Elegant").Mood(Near - 1, "Happy").Genre(Strong, "Special Occasions").Genre(Near - 1, "Classical")
            .Instrument(Hint, "strings", "piano"));
        Add("christmas|xmas|holiday|holidays|birthday|festive|celebration|celebrate|new year|thanksgiving", c => c
            .Genre(Strong, "Special Occasions").Mood(Near, "Happy").Mood(Near - 1, "Playful").Instrument(Hint, "bells"));
        Add("party|parties|celebration|celebrate|night out|rave", c => c
            .Mood(Near, "Euphoric", "Energetic").Mood(Near - 1, "Happy").Energy(Near, "high").Genre(Near, "Dance", "House").Genre(Near - 1, "Disco")
            .Tempo(115, 135, Near - 1));
        Add("kids|kid|children|child|childrens|family|baby|babies|nursery|toddler|toddlers|preschool|school", c => c
            .Genre(8, "Children's Music").Mood(Near, "Playful", "Happy").Mood(Hint, "Quirky"));
        Add("cartoon|cartoons|animation|animated|slapstick", c => c
            .Genre(Near, "Comedy").Genre(Near - 1, "Children's Music").Mood(Near, "Playful", "Quirky").Mood(Hint, "Eccentric"));
        Add("game|games|gaming|gamer|video game|videogame|arcade|8bit|chiptune|esports", c => c
            .Mood(Near, "Energetic").Mood(Near - 1, "Epic").Mood(Hint, "Playful").Genre(Near, "Electronic").Genre(Hint, "Electronica")
            .Instrument(Near, "synthesizer").Tempo(110, 160, Hint));
        Add("documentary|documentaries|nature|wildlife|history|historical|science|educational|education|landscape|landscapes", c => c
            .Mood(Near, "Contemplative").Mood(Near - 1, "Inspiring", "Serious", "Hopeful").Genre(Near - 1, "Cinematic").Genre(Hint, "Ambient", "Classical")
            .Vocals(false, Near - 1).Energy(Hint, "low", "medium"));
        Add("news|report|reporting|broadcast|headline|headlines|politics|finance", c => c
            .Mood(Near, "Serious", "Confident").Energy(Hint, "medium").Vocals(false, Near - 1).Instrument(Hint, "synthesizer", "strings"));
        Add("ad|ads|advert|adverts|advertisement|advertising|commercial|commercials|marketing|brand|branding|sale|sales|promotion", c => c
            .Mood(Near, "Upbeat", "Happy").Mood(Near - 1, "Confident", "Uplifting").Energy(Hint, "medium", "high"));
        Add("fashion|runway|catwalk|beauty|makeup|glamour|glam", c => c
            .Mood(Near, "Confident", "Elegant").Genre(Near - 1, "Electronic", "House").Tempo(115, 130, Hint));
        Add("summer|summertime|beach|tropical|sunshine|island|pool|poolside|vacation", c => c
            .Mood(Near, "Happy").Mood(Near - 1, "Upbeat").Mood(Hint, "Playful", "Relaxed").Genre(Near - 1, "Latin", "Reggae").Genre(Hint, "Pop"));
        Add("night|nighttime|night time|late night|nocturnal|after hours|midnight drive|night drive|city lights", c => c
            .Mood(Near - 1, "Dreamy", "Mysterious", "Chill", "Moody").Genre(Near - 1, "Downtempo").Genre(Hint, "Jazz", "Electronic"));
        Add("cafe|coffee|coffee shop|coffeeshop|restaurant|dinner|brunch|bar|bistro|lobby|hotel|store|shop|retail", c => c
            .Mood(Near, "Relaxed").Mood(Near - 1, "Chill", "Elegant", "Happy").Genre(Near - 1, "Jazz", "Acoustic", "Easy Listening").Genre(Hint, "Beats")
            .Energy(Near - 1, "low", "medium"));
        Add("action|battle|war|fight|fighting|chase|combat|warrior|hero|superhero|sport highlight|highlights", c => c
            .Mood(Near, "Epic", "Tense", "Dramatic").Mood(Near - 1, "Aggressive").Energy(Near, "high").Genre(Near, "Cinematic").Tempo(120, 180, Near - 1)
            .Instrument(Hint, "drums", "percussion", "brass"));
        Add("heist|spy|detective|noir|crime|investigation|sneaky|stealth|caper", c => c
            .Mood(Near, "Mysterious", "Suspenseful").Mood(Hint, "Confident").Genre(Near - 1, "Jazz", "Cinematic"));
        Add("fantasy|magical|magic|fairy|fairy tale|fairytale|enchanted|wonder|wonderful|whimsy", c => c
            .Mood(Near, "Dreamy").Mood(Near - 1, "Playful", "Mysterious").Instrument(Near - 1, "harp", "bells").Instrument(Hint, "strings")
            .Genre(Near - 1, "Cinematic"));
        Add("scifi|science fiction|space|outer space|futuristic|future|cyberpunk|robot|robots|ai|digital|tech noir", c => c
            .Mood(Near - 1, "Mysterious", "Dreamy").Mood(Hint, "Tense").Genre(Near, "Electronic").Genre(Near - 1, "Ambient").Genre(Hint, "Electronica")
            .Instrument(Near, "synthesizer"));
        Add("sunrise|morning|dawn|wake up|awakening|new beginning|fresh start|spring", c => c
            .Mood(Near, "Hopeful").Mood(Near - 1, "Uplifting", "Peaceful").Energy(Hint, "low", "medium"));
        Add("sunset|evening|dusk|twilight|golden hour", c => c.Mood(Near, "Relaxed").Mood(Near - 1, "Nostalgic", "Dreamy", "Romantic"));
        Add("funeral|memorial|loss|grief|goodbye|farewell|tribute", c => c
            .Mood(Strong, "Sad").Mood(Near, "Sentimental", "Melancholic").Energy(Near - 1, "low").Tempo(50, 90, Near - 1).Instrument(Hint, "piano", "strings"));
        Add("real estate|home tour|interior|architecture|property", c => c
            .Mood(Near, "Elegant", "Relaxed").Mood(Near - 1, "Hopeful").Genre(Near - 1, "Acoustic", "Easy Listening").Vocals(false, Near - 1));
        Add("car|cars|driving scene|road|highway|motorcycle", c => c.Mood(Near - 1, "Confident", "Energetic").Energy(Hint, "high").Tempo(105, 140, Hint));
        Add("tutorial|how to|howto|unboxing|review|cooking|recipe|diy|craft|crafts", c => c
            .Mood(Near, "Happy").Mood(Near - 1, "Playful", "Chill", "Upbeat").Energy(Near - 1, "medium").Vocals(false, Near).Genre(Hint, "Acoustic", "Pop", "Beats"));
        Add("background music", c => c.Vocals(false, Near - 1).Energy(Hint, "low"));
    }
}
