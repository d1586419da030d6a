using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Trackyard;

/// <summary>
/// Completes a parameter from a fixed list, quoting values that need it (spaces, &amp;, apostrophes). Values the
/// public Trackyard docs give come first; values the module adds follow, and their tooltip says they are not in the
/// docs (the server decides whether it knows them).
/// </summary>
public abstract class KnownValueCompleter : IArgumentCompleter
{
    /// <summary>The tooltip ending of a value the public docs do not give.</summary>
    internal const string NotDocumented = " (not in the public Trackyard docs; the server decides)";

    private readonly IReadOnlyList<string> _documented;
    private readonly IReadOnlyList<string> _added;

    private protected KnownValueCompleter(IReadOnlyList<string> documented, IReadOnlyList<string> added)
    {
        _documented = documented;
        _added = added;
    }

    /// <summary>The values starting with what was typed so far (quotes ignored), case-insensitively; documented ones first.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return Matching(_documented, typed).Select(value => Result(value, value))
            .Concat(Matching(_added, typed).Select(value => Result(value, value + NotDocumented)));
    }

    /// <summary>The text to insert: bare when safe, else single-quoted with apostrophes doubled.</summary>
    internal static string Quote(string value) =>
        value.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_')
            ? value
            : "'" + value.Replace("'", "''") + "'";

    private static IEnumerable<string> Matching(IReadOnlyList<string> values, string typed) =>
        values.Where(value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase));

    private static CompletionResult Result(string value, string toolTip) =>
        new(Quote(value), value, CompletionResultType.ParameterValue, toolTip);
}

/// <summary>Completes -Genre with the 35 parent genres.</summary>
public sealed class GenreCompleter : KnownValueCompleter
{
    /// <summary>Creates the completer.</summary>
    public GenreCompleter()
        : base(KnownValues.DocumentedGenres, Array.Empty<string>())
    {
    }
}

/// <summary>Completes -Mood with the documented moods, then the ones the docs do not list.</summary>
public sealed class MoodCompleter : KnownValueCompleter
{
    /// <summary>Creates the completer.</summary>
    public MoodCompleter()
        : base(KnownValues.DocumentedMoods, KnownValues.AddedMoods)
    {
    }
}

/// <summary>Completes -Instrument with the documented instruments, then the ones the docs do not name.</summary>
public sealed class InstrumentCompleter : KnownValueCompleter
{
    /// <summary>Creates the completer.</summary>
    public InstrumentCompleter()
        : base(KnownValues.DocumentedInstruments, KnownValues.AddedInstruments)
    {
    }
}
