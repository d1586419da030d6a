using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Trackyard;

/// <summary>Completes a parameter from a fixed list, quoting values that need it (spaces, &amp;, apostrophes).</summary>
public abstract class KnownValueCompleter : IArgumentCompleter
{
    private readonly IReadOnlyList<string> _values;

    private protected KnownValueCompleter(IReadOnlyList<string> values) => _values = values;

    /// <summary>The values starting with what was typed so far (quotes ignored), case-insensitively.</summary>
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return _values
            .Where(value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(Quote(value), value, CompletionResultType.ParameterValue, value));
    }

    /// <summary>The text to insert: bare when safe, else single-quoted with apostrophes doubled.</summary>
    internal static string Quote(string value) =>
        value.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_')
            ? value
            : "'" + value.Replace("'", "''") + "'";
}

/// <summary>Completes -Genre with the 35 parent genres.</summary>
public sealed class GenreCompleter : KnownValueCompleter
{
    /// <summary>Creates the completer.</summary>
    public GenreCompleter()
        : base(KnownValues.Genres)
    {
    }
}

/// <summary>Completes -Mood with the known moods.</summary>
public sealed class MoodCompleter : KnownValueCompleter
{
    /// <summary>Creates the completer.</summary>
    public MoodCompleter()
        : base(KnownValues.Moods)
    {
    }
}

/// <summary>Completes -Instrument with the known instruments.</summary>
public sealed class InstrumentCompleter : KnownValueCompleter
{
    /// <summary>Creates the completer.</summary>
    public InstrumentCompleter()
        : base(KnownValues.Instruments)
    {
    }
}
