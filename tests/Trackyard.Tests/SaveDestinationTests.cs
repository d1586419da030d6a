using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using System.Net.Http.Headers;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>Where a download may go: the destination rules, the folder check, what may be replaced, and room on the drive.</summary>
public sealed class SaveDestinationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trackyard-destination-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_existing_folder_is_the_folder()
    {
        var target = SaveTarget.FromPath(_folder);

        Assert.Equal(_folder, target.Folder);
        Assert.Null(target.File);
        Assert.Equal(Path.Combine(_folder, "Chapter 1_ The Beginning.mp3"), target.FileFor(new TrackLabel("id1", "Chapter 1: The Beginning")));
        Assert.Null(target.FileFor(new TrackLabel("id1")));
    }

    [Theory]
    [InlineData("clips", "never a file called 'clips'")]
    [InlineData("clips.d/", "ends with a separator")]
    public void A_missing_path_without_extension_or_with_a_trailing_separator_is_a_missing_folder(string name, string why)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => SaveTarget.FromPath(Path.Combine(_folder, name)));

        Assert.Equal(TrackyardFailureKind.FolderNotFound, ex.Kind);
        Assert.Contains(why, ex.Message);
        Assert.Contains("New-Item -ItemType Directory", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void A_new_file_in_an_existing_folder_is_the_file()
    {
        var file = Path.Combine(_folder, "intro.mp3");

        var target = SaveTarget.FromPath(file);

        Assert.Equal(_folder, target.Folder);
        Assert.Equal(file, target.File);
        Assert.Equal(file, target.FileFor(new TrackLabel("id1", "Another Title")));
    }

    [Fact]
    public void A_file_in_a_missing_folder_names_the_missing_folder()
    {
        var ex = Assert.Throws<TrackyardApiException>(() => SaveTarget.FromPath(Path.Combine(_folder, "missing", "intro.mp3")));

        Assert.Equal(TrackyardFailureKind.FolderNotFound, ex.Kind);
        Assert.Contains($"'{Path.Combine(_folder, "missing")}'", ex.Message);
    }

    [Fact]
    public void A_file_where_a_folder_must_be_is_InvalidPath()
    {
        var notes = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(notes, "notes");

        var inside = Assert.Throws<TrackyardApiException>(() => SaveTarget.FromPath(Path.Combine(notes, "intro.mp3")));
        var withSeparator = Assert.Throws<TrackyardApiException>(() => SaveTarget.FromPath(notes + Path.DirectorySeparatorChar));

        Assert.Equal(TrackyardFailureKind.InvalidPath, inside.Kind);
        Assert.Contains("is a regular file, not a folder", inside.Message);
        Assert.Equal(TrackyardFailureKind.InvalidPath, withSeparator.Kind);
    }

    [Fact]
    public void A_file_is_never_a_folder_from_the_pipeline()
    {
        var notes = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(notes, "notes");

        Assert.False(SaveTarget.FromPath(notes).IsFolder);
        Assert.True(SaveTarget.FromPath(_folder).IsFolder);
        Assert.Equal(TrackyardFailureKind.InvalidPath, SaveTarget.NotAFolderFromPipeline(notes).Kind);
        Assert.Contains("never a destination", SaveTarget.NotAFolderFromPipeline(notes).Message);
    }

    [Theory]
    [InlineData(TrackyardFailureKind.FolderNotFound, ErrorCategory.ObjectNotFound, "FolderNotFound", true)]
    [InlineData(TrackyardFailureKind.NotFileSystemPath, ErrorCategory.InvalidArgument, "NotFileSystemPath", true)]
    [InlineData(TrackyardFailureKind.InvalidPath, ErrorCategory.InvalidArgument, "InvalidPath", true)]
    [InlineData(TrackyardFailureKind.FolderNotWritable, ErrorCategory.PermissionDenied, "FolderNotWritable", true)]
    [InlineData(TrackyardFailureKind.NotEnoughSpace, ErrorCategory.WriteError, "NotEnoughSpace", true)]
    [InlineData(TrackyardFailureKind.FileExists, ErrorCategory.ResourceExists, "FileExists", false)]
    [InlineData(TrackyardFailureKind.NotARegularFile, ErrorCategory.ResourceExists, "NotARegularFile", false)]
    [InlineData(TrackyardFailureKind.SaveFailed, ErrorCategory.WriteError, "SaveFailed", false)]
    public void File_failures_have_their_row_in_the_error_table(TrackyardFailureKind kind, ErrorCategory category, string errorId, bool terminating)
    {
        var ex = new TrackyardApiException(kind, "The folder '/x' does not exist.");

        var record = ErrorTable.ToErrorRecord(ex, "/x");

        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal(terminating, ErrorTable.IsTerminating(ex));
        Assert.Equal("The folder '/x' does not exist.", record.ErrorDetails.Message);
        Assert.False(string.IsNullOrEmpty(record.ErrorDetails.RecommendedAction));
        Assert.Equal("/x", record.TargetObject);
    }

    [Fact]
    public void A_writable_folder_passes_the_check_and_keeps_no_probe_file()
    {
        TargetFolder.EnsureWritable(_folder);

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void The_folder_check_names_a_missing_folder_and_a_file()
    {
        var notes = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(notes, "notes");

        Assert.Equal(TrackyardFailureKind.FolderNotFound, Assert.Throws<TrackyardApiException>(() => TargetFolder.EnsureWritable(Path.Combine(_folder, "gone"))).Kind);
        Assert.Equal(TrackyardFailureKind.InvalidPath, Assert.Throws<TrackyardApiException>(() => TargetFolder.EnsureWritable(notes)).Kind);
    }

    [Fact]
    public void Free_space_is_known_for_a_local_folder()
    {
        Assert.True(TargetFolder.FreeBytes(_folder) > 0);
    }

    [Fact]
    public void Out_of_space_errors_are_recognised()
    {
        var code = OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28;

        Assert.True(TargetFolder.IsOutOfSpace(new IOException("No space left on device", code)));
        Assert.False(TargetFolder.IsOutOfSpace(new IOException("Read-only file system", 30)));
    }

    [Fact]
    public void Entries_are_told_apart_without_following_links()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // FIFOs, devices and Unix links are the Unix side of FileEntry
        }

        var file = Path.Combine(_folder, "file.mp3");
        File.WriteAllText(file, "x");
        var fifo = MakeFifo("pipe.mp3");
        var link = Path.Combine(_folder, "link.mp3");
        File.CreateSymbolicLink(link, file);

        Assert.Equal(FileEntryKind.RegularFile, FileEntry.Inspect(file).Kind);
        Assert.Equal(FileEntryKind.Directory, FileEntry.Inspect(_folder).Kind);
        Assert.Equal(FileEntryKind.Fifo, FileEntry.Inspect(fifo).Kind);
        Assert.Equal(FileEntryKind.SymbolicLink, FileEntry.Inspect(link).Kind);
        Assert.Equal(FileEntryKind.CharacterDevice, FileEntry.Inspect("/dev/null").Kind);
        Assert.Equal(FileEntryKind.Missing, FileEntry.Inspect(Path.Combine(_folder, "none.mp3")).Kind);
        Assert.Equal(FileEntryKind.Missing, FileEntry.Inspect(Path.Combine(file, "under-a-file.mp3")).Kind);
    }

    [Fact]
    public async Task A_FIFO_is_never_replaced_and_nothing_is_read_for_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fifo = MakeFifo("pipe.mp3");
        var wrote = false;

        var ex = await Assert.ThrowsAsync<DestinationConflictException>(() => AtomicFileWriter.WriteAsync(fifo, overwrite: true, (_, _) =>
        {
            wrote = true;
            return Task.CompletedTask;
        }, CancellationToken.None));

        Assert.Equal(FileEntryKind.Fifo, ex.Entry.Kind);
        Assert.False(wrote);
        Assert.Equal(FileEntryKind.Fifo, FileEntry.Inspect(fifo).Kind);
        Assert.Equal(new[] { "pipe.mp3" }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_destination_is_checked_again_at_commit_time()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // While the body arrives, the file the check saw is swapped for a FIFO: the rename must not replace it.
        var destination = Path.Combine(_folder, "song.mp3");
        File.WriteAllText(destination, "old");

        var ex = await Assert.ThrowsAsync<DestinationConflictException>(() => AtomicFileWriter.WriteAsync(destination, overwrite: true, async (stream, token) =>
        {
            await stream.WriteAsync(new byte[1000], token);
            File.Delete(destination);
            MakeFifo("song.mp3");
        }, CancellationToken.None));

        Assert.Equal(FileEntryKind.Fifo, ex.Entry.Kind);
        Assert.Equal(FileEntryKind.Fifo, FileEntry.Inspect(destination).Kind);
        Assert.Equal(new[] { "song.mp3" }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_replaced_file_keeps_its_mode_bits()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var destination = Path.Combine(_folder, "song.mp3");
        File.WriteAllText(destination, "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(destination, mode);

        await AtomicFileWriter.WriteAsync(destination, overwrite: true, (stream, token) => stream.WriteAsync(new byte[] { 1, 2, 3 }, 0, 3, token), CancellationToken.None);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(destination));
        Assert.Equal(mode, File.GetUnixFileMode(destination));
    }

    [Fact]
    public async Task A_Content_Length_beyond_the_free_space_stops_before_the_body_is_read()
    {
        var body = new UnreadableStream();
        var handler = new StubHandler().Respond(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
            response.Content.Headers.ContentLength = 1L << 60;   // an exabyte: more than any test machine has free
            response.Content.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=\"Song.mp3\"");
            return response;
        });
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => TrackSaver.SaveAsync(
            client, new DownloadRequest("trk_big"), new TrackLabel("trk_big", "Big Song"), _folder, null, false, 1, TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.NotEnoughSpace, ex.Kind);
        Assert.True(ErrorTable.IsTerminating(ex));
        Assert.Contains("'Big Song' (track trk_big)", ex.Message);
        Assert.Contains((1L << 60) + " bytes", ex.Message);
        Assert.Contains("cost 1 credit", ex.Message);
        Assert.False(body.WasRead);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void A_track_label_names_the_title_and_id_without_control_characters_and_predicts_the_file_name()
    {
        var label = new TrackLabel("trk_1", "Rise/Fall \u001b]0;pwned\u0007");

        Assert.Equal("'Rise/Fall \uFFFD]0;pwned\uFFFD' (track trk_1)", label.ToString());
        Assert.Equal(SafeFileName.From("Rise/Fall \u001b]0;pwned\u0007.mp3", "trk_1"), label.PredictedFileName);
        Assert.Equal("track trk_2", new TrackLabel("trk_2", "  ").ToString());
        Assert.Null(new TrackLabel("trk_2").PredictedFileName);
    }

    [Fact]
    public void Files_and_folders_are_refused_as_tracks_and_everything_else_passes()
    {
        var refuse = new NoFileSystemItemAttribute();
        var track = PSObject.AsPSObject(new Track { Id = "trk_1" });

        Assert.Same(track, refuse.Transform(null!, track));
        Assert.Equal("trk_2", refuse.Transform(null!, "trk_2"));
        var file = Assert.Throws<ArgumentTransformationMetadataException>(() => refuse.Transform(null!, new FileInfo(Path.Combine(_folder, "ids.txt"))));
        var folder = Assert.Throws<ArgumentTransformationMetadataException>(() => refuse.Transform(null!, PSObject.AsPSObject(new DirectoryInfo(_folder))));
        Assert.Contains("not a track id", file.Message);
        Assert.Contains(_folder, folder.Message);
    }

    private string MakeFifo(string name)
    {
        var path = Path.Combine(_folder, name);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", new[] { path }) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>A body that fails the test if anyone reads it.</summary>
    private sealed class UnreadableStream : ReadOnlyTestStream
    {
        public bool WasRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            WasRead = true;
            throw new InvalidOperationException("the body must not be read");
        }
    }
}
