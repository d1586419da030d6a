using System;
using System.IO;
using System.Management.Automation;
using System.Security;

namespace Trackyard;

/// <summary>
/// <para type="synopsis">Downloads Trackyard tracks as MP3 files: whole tracks, or smart clips of a given length with
/// an optional hit point.</para>
/// <para type="description">Each successful download costs one credit. The file name comes from the service (the
/// track title), made safe for every file system; -Path may name a folder (default: the current location) or a
/// file. The body is streamed into a temporary file beside the destination and renamed when complete, so a failed
/// or stopped download leaves nothing behind and never replaces an existing file. Without -Force an existing file
/// is kept: when -Path names a file this is checked before anything is spent; when -Path is a folder the name is
/// only known once the service answers, so the credit for that download has already been spent.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "TrackyardTrack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileInfo))]
public sealed class SaveTrackyardTrackCommand : TrackyardApiCmdlet
{
    private const int ProgressActivityId = 0x7D5A;

    private Connection? _connection;
    private CallOptions? _call;
    private string _folder = string.Empty;
    private string? _file;

    /// <summary>The track ids, e.g. from Search-TrackyardTrack (tracks bind by their Id property).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("TrackId")]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>A folder to save into (the file is named after the track), or a file name. Default: the current location.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Download a clip of this many seconds (10–300, fractions allowed) instead of the whole track.</summary>
    [Parameter]
    [ValidateRange((double)DownloadRequest.MinDurationSeconds, (double)DownloadRequest.MaxDurationSeconds)]
    public double? DurationSeconds { get; set; }

    /// <summary>The second of the clip where the musical peak should land; needs -DurationSeconds and must be smaller.</summary>
    [Parameter]
    [ValidateRange(0d, (double)DownloadRequest.MaxDurationSeconds)]
    public double? HitPointSeconds { get; set; }

    /// <summary>Overwrite an existing file (atomically: the old file stays until the new one is complete).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the saved file (a FileInfo) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Checks the clip options and the destination before any request.</summary>
    protected override void BeginProcessing()
    {
        if (DownloadRequest.Check(DurationSeconds, HitPointSeconds) is { } problem)
        {
            ThrowApiError(new TrackyardApiException(TrackyardFailureKind.InvalidInput, problem), HitPointSeconds);
        }

        ResolveDestination();
        _connection = ResolveConnection();
        _call = CallOptionsFor(_connection);
    }

    /// <summary>Downloads each id in turn; a failure for one id is reported and the next one still runs.</summary>
    protected override void ProcessRecord()
    {
        foreach (var raw in Id)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                WriteApiError(new TrackyardApiException(TrackyardFailureKind.InvalidInput, "The track id is blank; use an Id from Search-TrackyardTrack."), raw);
                continue;
            }

            var id = raw.Trim();
            if (_file != null && !Force && File.Exists(_file))
            {
                WriteExists(new DestinationExistsException(_file), id, creditSpent: false);
                continue;
            }

            if (ShouldProcess(_file ?? _folder, $"Download track {id} (costs 1 credit)"))
            {
                Save(id);
            }
        }
    }

    private void Save(string id)
    {
        var request = new DownloadRequest(id, DurationSeconds, HitPointSeconds);
        var connection = _connection!;
        var call = _call!;
        var overwrite = Force.IsPresent;
        var folder = _folder;
        var named = _file;
        try
        {
            var file = RunApiCall((token, observer) =>
                TrackSaver.SaveAsync(connection.Client, request, folder, named, overwrite, ProgressActivityId, call.With(observer), token));
            WriteVerbose($"Saved track {id} to {file.FullName} ({file.Length} bytes)");
            if (PassThru)
            {
                WriteObject(AsProviderItem(file));
            }
        }
        catch (TrackyardApiException ex)
        {
            WriteApiError(ex, id);
        }
        catch (DestinationExistsException ex)
        {
            WriteExists(ex, id, creditSpent: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or SecurityException)
        {
            WriteError(new ErrorRecord(ex, "SaveFailed", ErrorCategory.WriteError, id)
            {
                ErrorDetails = new ErrorDetails($"Track {id} could not be saved: {ex.Message}")
                {
                    RecommendedAction = "Check that the folder is writable and has free space, then run the command again.",
                },
            });
        }
        finally
        {
            WriteProgress(new DownloadProgress(ProgressActivityId, "Downloading", null).Completed());
        }
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

    /// <summary>-Path (or the current location) as a folder or a file in an existing folder of the file system.</summary>
    private void ResolveDestination()
    {
        string full;
        if (Path is null)
        {
            full = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        }
        else
        {
            ProviderInfo provider;
            try
            {
                full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out provider, out _);
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
            {
                ThrowPathError(ex.Message, "InvalidPath", ErrorCategory.InvalidArgument);
                return;
            }

            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                ThrowPathError($"-Path must be a file system path; '{Path}' belongs to the {provider.Name} provider.", "NotFileSystemPath", ErrorCategory.InvalidArgument);
            }
        }

        if (Directory.Exists(full))
        {
            _folder = full;
            return;
        }

        var endsWithSeparator = full.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal)
            || full.EndsWith(System.IO.Path.AltDirectorySeparatorChar.ToString(), StringComparison.Ordinal);
        var parent = endsWithSeparator ? null : System.IO.Path.GetDirectoryName(full);
        if (parent is null || !Directory.Exists(parent))
        {
            ThrowPathError($"The folder '{(endsWithSeparator ? full : parent)}' does not exist. Create it first, or give an existing folder.", "FolderNotFound", ErrorCategory.ObjectNotFound);
        }

        _folder = parent!;
        _file = full;
    }

    private void WriteExists(DestinationExistsException exception, string id, bool creditSpent)
    {
        var message = creditSpent
            ? $"The file '{exception.Path}' already exists and was kept. Track {id} was not saved, but Trackyard had already answered, so the download still cost 1 credit."
            : $"The file '{exception.Path}' already exists and was kept. Track {id} was not downloaded (no credit spent).";
        WriteError(new ErrorRecord(exception, "FileExists", ErrorCategory.ResourceExists, exception.Path)
        {
            ErrorDetails = new ErrorDetails(message)
            {
                RecommendedAction = "Use -Force to overwrite the file, or give another -Path.",
            },
        });
    }

    private void ThrowPathError(string message, string errorId, ErrorCategory category) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, category, Path));
}
