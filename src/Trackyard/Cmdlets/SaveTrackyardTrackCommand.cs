using System;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Security;

namespace Trackyard;

/// <summary>
/// Save-TrackyardTrack: downloads tracks or smart clips as MP3 files, one credit each, or with -Preview the tracks'
/// free previews. Before a request is sent, the folder must take a file, and a file known in advance (named by -Path,
/// predicted from a piped track's title, or a preview's own name) must not be in the way, so nothing is spent on a
/// download that cannot be saved.
/// Users read its help from docs/help/Save-TrackyardTrack.md, which the build turns into MAML.
/// </summary>
[Cmdlet(VerbsData.Save, "TrackyardTrack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TrackSet,
    HelpUri = "https://github.com/trackyard/trackyard-powershell/blob/main/docs/help/Save-TrackyardTrack.md")]
[OutputType(typeof(FileInfo))]
public sealed class SaveTrackyardTrackCommand : TrackyardApiCmdlet
{
    private const string IdSet = "Id";
    private const string IdLiteralPathSet = "IdLiteralPath";
    private const string TrackSet = "Track";
    private const string TrackLiteralPathSet = "TrackLiteralPath";
    private const int ProgressActivityId = 0x7D5A;

    private SaveTarget? _target;
    private bool _literalPathFromCommandLine;
    private bool _tracksFromCommandLine;
    private string? _pipedPath;
    private SaveTarget? _pipedTarget;
    private int _bought;
    private int _previews;
    private int _wouldBuy;
    private int _wouldPreview;

    /// <summary>
    /// Tracks from Search-TrackyardTrack; their titles name the files before anything is sent. Declared first:
    /// PowerShell offers a piped object to the parameters in this order, and a file or folder is refused here.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TrackSet)]
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TrackLiteralPathSet)]
    [NoFileSystemItem]
    [ValidateNotNullOrEmpty]
    public Track[] InputObject { get; set; } = Array.Empty<Track>();

    /// <summary>The track ids (strings, or objects with an Id or TrackId property).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdLiteralPathSet)]
    [Alias("TrackId")]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>An existing folder, or a file in one; wildcards and PowerShell paths are resolved. Default: the current location.</summary>
    [Parameter(Position = 1, ParameterSetName = IdSet)]
    [Parameter(Position = 1, ParameterSetName = TrackSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Like -Path, but taken exactly as written (no wildcards); a folder piped in binds here by its PSPath.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdLiteralPathSet)]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = TrackLiteralPathSet)]
    [Alias("PSPath")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>Download a clip of this many seconds (10–300, fractions allowed) instead of the whole track.</summary>
    [Parameter]
    [ValidateRange((double)DownloadRequest.MinDurationSeconds, (double)DownloadRequest.MaxDurationSeconds)]
    public double? DurationSeconds { get; set; }

    /// <summary>The second of the clip where the musical peak should land; needs -DurationSeconds and must be smaller.</summary>
    [Parameter]
    [ValidateRange(0d, (double)DownloadRequest.MaxDurationSeconds)]
    public double? HitPointSeconds { get; set; }

    /// <summary>Overwrite an existing regular file (atomically: the old file stays until the new one is complete).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Skip tracks whose file already exists (known before the request), with a verbose line instead of an error.</summary>
    [Parameter]
    public SwitchParameter SkipExisting { get; set; }

    /// <summary>Write the saved file (a FileInfo) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Save each piped track's free preview (its PreviewUrl) as "&lt;title&gt; (preview).mp3" instead of buying the
    /// track: no credit, no download request. Needs Track objects; an -Id alone has no preview URL.
    /// </summary>
    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>Checks the options and the destination before any request.</summary>
    protected override void BeginProcessing()
    {
        if (Force && SkipExisting)
        {
            ThrowInvalidInput("Use -Force (overwrite existing files) or -SkipExisting (keep them and skip the download), not both.");
        }

        if (DownloadRequest.Check(DurationSeconds, HitPointSeconds) is { } problem)
        {
            ThrowInvalidInput(problem, HitPointSeconds);
        }

        if (Preview && (DurationSeconds is not null || HitPointSeconds is not null))
        {
            ThrowInvalidInput("-Preview saves the preview as the service made it; it takes no -DurationSeconds or -HitPointSeconds.");
        }

        if (Preview && MyInvocation.BoundParameters.ContainsKey(nameof(Id)))
        {
            ThrowPreviewNeedsTracks();
        }

        // Parameters bound here came from the command line; a -LiteralPath bound later came from the pipeline.
        _literalPathFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(LiteralPath));
        _tracksFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Id)) || MyInvocation.BoundParameters.ContainsKey(nameof(InputObject));
        _target = Path is not null ? Resolve(Path, literal: false)
            : _literalPathFromCommandLine ? Resolve(LiteralPath!, literal: true)
            : SaveTarget.InFolder(SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        _ = UsedConnection;
    }

    /// <summary>Downloads each track in turn; a failure for one track is reported and the next one still runs.</summary>
    protected override void ProcessRecord()
    {
        var target = TargetOfThisRecord();
        if (ParameterSetName is TrackSet or TrackLiteralPathSet)
        {
            foreach (var track in InputObject)
            {
                Process(track?.Id, track?.Title, track?.PreviewUrl, target);
            }
        }
        else
        {
            if (Preview)
            {
                ThrowPreviewNeedsTracks();
            }

            foreach (var id in Id)
            {
                Process(id, null, null, target);
            }
        }
    }

    /// <summary>Says on the verbose stream what was saved and what it cost, or with -WhatIf what it would cost.</summary>
    protected override void EndProcessing()
    {
        var work = _wouldBuy + _wouldPreview > 0
            ? $"-WhatIf: {Files(_wouldBuy + _wouldPreview, _wouldPreview)} would cost {CreditBudget.Credits(_wouldBuy)}"
            : $"Save done: {Files(_bought + _previews, _previews)} saved";
        WriteCostLine(work);
    }

    private void Process(string? id, string? title, string? previewUrl, SaveTarget target)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            WriteApiError(new TrackyardApiException(TrackyardFailureKind.InvalidInput, "The track id is blank; use an Id from Search-TrackyardTrack."), id);
            return;
        }

        var track = new TrackLabel(id!.Trim(), title);
        if (Preview)
        {
            ProcessPreview(track, previewUrl, target);
            return;
        }

        var known = target.FileFor(track);
        if (known != null && !MayWrite(known, track))
        {
            return;
        }

        if (ShouldSave(target.Describe(track), $"Download {track}{ClipText()}, 1 credit", out var whatIf))
        {
            Save(track, target, preview: null);
        }
        else if (whatIf)
        {
            _wouldBuy++;
        }
    }

    /// <summary>A track's free preview: its URL checked, its file known and free, before anything is sent.</summary>
    private void ProcessPreview(TrackLabel track, string? previewUrl, SaveTarget target)
    {
        PreviewRequest request;
        try
        {
            request = PreviewRequest.From(track.Id, previewUrl);
        }
        catch (TrackyardApiException ex)
        {
            WriteApiError(ex, track.Id);
            return;
        }

        var file = target.PreviewFileFor(track);
        if (!MayWrite(file, track))
        {
            return;
        }

        if (ShouldSave(file, $"Download the preview of {track}, free (no credit)", out var whatIf))
        {
            Save(track, target, request);
        }
        else if (whatIf)
        {
            _wouldPreview++;
        }
    }

    /// <summary>ShouldProcess, telling whether a "no" came from -WhatIf (so that the closing line can say what it would cost).</summary>
    private bool ShouldSave(string target, string action, out bool whatIf)
    {
        var description = $"Performing the operation \"{action}\" on target \"{target}\".";
        var proceed = ShouldProcess(description, $"Are you sure you want to perform this action?{Environment.NewLine}{description}", "Confirm", out var reason);
        whatIf = !proceed && reason == ShouldProcessReason.WhatIf;
        return proceed;
    }

    private void ThrowPreviewNeedsTracks() => ThrowInvalidInput(
        "-Preview needs Track objects from Search-TrackyardTrack, which carry PreviewUrl: the Trackyard API has no way to look up a track by its id, so an -Id alone has no preview. Pipe the tracks in instead. Nothing was sent.");

    /// <summary>"3 files", "3 files (1 preview)".</summary>
    private static string Files(int count, int previews) =>
        $"{count} {(count == 1 ? "file" : "files")}" + (previews == 0 ? string.Empty : $" ({previews} {(previews == 1 ? "preview" : "previews")})");

    /// <summary>
    /// Whether the file known before the request may be written: nothing is there, or a regular file and -Force.
    /// Anything else is reported (or, with -SkipExisting, skipped) without spending a credit.
    /// </summary>
    private bool MayWrite(string file, TrackLabel track)
    {
        FileEntry entry;
        try
        {
            entry = FileEntry.Inspect(file);
        }
        catch (IOException)
        {
            return true; // cannot tell here: the folder check and the write report the real problem
        }

        if (!entry.Exists || (entry.Kind == FileEntryKind.RegularFile && Force))
        {
            return true;
        }

        if (entry.Kind == FileEntryKind.RegularFile && SkipExisting)
        {
            WriteVerbose($"Skipping {track}: '{file}' already exists (no credit spent).");
            return false;
        }

        WriteApiError(SaveFailures.Conflict(entry, file, track, SaveCost.NothingSent), track.Id);
        return false;
    }

    /// <summary>Buys and saves the track, or with <paramref name="preview"/> saves its free preview.</summary>
    private void Save(TrackLabel track, SaveTarget target, PreviewRequest? preview)
    {
        var request = new DownloadRequest(track.Id, DurationSeconds, HitPointSeconds);
        var overwrite = Force.IsPresent;
        try
        {
            TargetFolder.EnsureWritable(target.Folder);
        }
        catch (TrackyardApiException ex)
        {
            WriteApiError(ex, target.Folder);
            return;
        }

        try
        {
            var file = preview is null
                ? Call(track.Id, (client, call, token) => TrackSaver.SaveAsync(client, request, track, target.Folder, target.File, overwrite, ProgressActivityId, call, token))
                : Call(track.Id, (client, call, token) => TrackSaver.SavePreviewAsync(client, preview, track, target.PreviewFileFor(track), overwrite, ProgressActivityId, call, token));
            if (file is null)
            {
                return;
            }

            if (preview is null)
            {
                _bought++;
            }
            else
            {
                _previews++;
            }

            WriteVerbose($"Saved {(preview is null ? string.Empty : "the preview of ")}{track} to {file.FullName} ({file.Length} bytes)");
            if (PassThru)
            {
                WriteObject(AsProviderItem(file));
            }
        }
        finally
        {
            WriteProgress(new DownloadProgress(ProgressActivityId, "Downloading", null).Completed());
        }
    }

    /// <summary>
    /// The destination of this record: a folder piped in (bound to -LiteralPath by its PSPath) when the tracks
    /// came from the command line, else the one resolved at the start. When the piped object is the track itself,
    /// its PSPath is where it came from (every line of Get-Content carries the PSPath of its file), not where it
    /// goes, and is ignored.
    /// </summary>
    private SaveTarget TargetOfThisRecord()
    {
        if (_literalPathFromCommandLine || LiteralPath is null || !_tracksFromCommandLine)
        {
            return _target!;
        }

        if (!string.Equals(_pipedPath, LiteralPath, StringComparison.Ordinal))
        {
            var target = Resolve(LiteralPath, literal: true);
            if (!target.IsFolder)
            {
                ThrowApiError(SaveTarget.NotAFolderFromPipeline(LiteralPath), LiteralPath);
            }

            _pipedTarget = target;
            _pipedPath = LiteralPath;
        }

        return _pipedTarget!;
    }

    /// <summary>
    /// A path as PowerShell's file cmdlets resolve it (relative to the current location, ~, PSDrives; wildcards
    /// unless <paramref name="literal"/>), then read as a destination by <see cref="SaveTarget.FromPath"/>.
    /// Any problem is a terminating error: it would fail the same way for every track.
    /// </summary>
    private SaveTarget Resolve(string path, bool literal)
    {
        try
        {
            var full = ResolveProviderPath(path, literal, out var provider);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                throw new TrackyardApiException(TrackyardFailureKind.NotFileSystemPath, $"The path must be on the file system; '{path}' belongs to the {provider.Name} provider. Nothing was sent and no credit spent.");
            }

            return SaveTarget.FromPath(full);
        }
        catch (TrackyardApiException ex)
        {
            ThrowApiError(ex, path);
            throw;
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException
            or NotSupportedException or ArgumentException or IOException or UnauthorizedAccessException or SecurityException)
        {
            ThrowApiError(new TrackyardApiException(TrackyardFailureKind.InvalidPath, $"The path '{path}' cannot be used: {ex.Message} Nothing was sent and no credit spent.", ex), path);
            throw;
        }
    }

    private string ResolveProviderPath(string path, bool literal, out ProviderInfo provider)
    {
        if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
        {
            var plain = literal ? path : WildcardPattern.Unescape(path);
            return SessionState.Path.GetUnresolvedProviderPathFromPSPath(plain, out provider, out _);
        }

        Collection<string> matches;
        try
        {
            matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
        }
        catch (ItemNotFoundException)
        {
            throw NoSingleMatch(path, 0);
        }

        return matches.Count == 1 ? matches[0] : throw NoSingleMatch(path, matches.Count);
    }

    private static TrackyardApiException NoSingleMatch(string path, int count) => new(
        TrackyardFailureKind.InvalidPath,
        (count == 0
            ? $"-Path '{path}' is a wildcard pattern and matches nothing."
            : $"-Path '{path}' is a wildcard pattern and matches {count} items; it must name one folder.")
        + " Use -LiteralPath for a name that contains [ ] * or ?. Nothing was sent and no credit spent.");

    /// <summary>" as a 22.5 s clip with the peak at 5 s" for -WhatIf; empty for a whole track.</summary>
    private string ClipText()
    {
        if (DurationSeconds is not double duration)
        {
            return string.Empty;
        }

        var text = string.Format(CultureInfo.InvariantCulture, " as a {0} s clip", duration);
        return HitPointSeconds is double hitPoint
            ? text + string.Format(CultureInfo.InvariantCulture, " with the peak at {0} s", hitPoint)
            : text;
    }

    /// <summary>
    /// The file as Get-Item returns it (with PSPath and the provider's properties, so it formats like any other
    /// file); the bare FileInfo if the provider cannot give it.
    /// </summary>
    private object AsProviderItem(FileInfo file)
    {
        try
        {
            var items = InvokeProvider.Item.Get(new[] { file.FullName }, force: true, literalPath: true);
            return items.Count == 1 ? items[0] : file;
        }
        catch (Exception ex) when (ex is ProviderInvocationException or ItemNotFoundException or NotSupportedException)
        {
            return file;
        }
    }
}
