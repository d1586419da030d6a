namespace Trackyard;

/// <summary>
/// How messages name a track: "'Title' (track ID)" when a Track object gave its title, else "track ID". Both are
/// made safe to print (no terminal control characters), since they may come from the server.
/// </summary>
internal sealed class TrackLabel
{
    internal TrackLabel(string id, string? title = null)
    {
        Id = id;
        Title = string.IsNullOrWhiteSpace(title) ? null : title;
    }

    /// <summary>The track id, as sent to the server.</summary>
    internal string Id { get; }

    /// <summary>The title of the piped Track, when there was one.</summary>
    internal string? Title { get; }

    /// <summary>
    /// The file name the server will most likely send for this track (Content-Disposition "&lt;title&gt;.mp3", made
    /// safe), or null without a title. A prediction: the name that arrives is checked again before it is written.
    /// </summary>
    internal string? PredictedFileName => Title is null ? null : SafeFileName.From(Title + SafeFileName.Extension, Id);

    /// <summary>
    /// The name of the track's preview: "&lt;title&gt; (preview).mp3", or "&lt;id&gt; (preview).mp3" without a title,
    /// made safe. Always known before the request, since the module names previews itself.
    /// </summary>
    internal string PreviewFileName => SafeFileName.From(Title, Id, PreviewSuffix);

    /// <summary>What a preview's file name ends with before ".mp3", so that it is never taken for the bought track.</summary>
    internal const string PreviewSuffix = " (preview)";

    public override string ToString()
    {
        var id = DisplayText.Clean(Id, 100) ?? "(blank)";
        return Title is null ? "track " + id : $"'{DisplayText.Clean(Title, 100)}' (track {id})";
    }
}
