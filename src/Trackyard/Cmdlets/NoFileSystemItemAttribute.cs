using System.IO;
using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Refuses a file or folder piped into Save-TrackyardTrack, which is neither a track nor a track id: without it
/// PowerShell would turn a piped FileInfo into the id "/home/me/clips/a.mp3" and send it. It sits on the first
/// pipeline parameter (-InputObject), because PowerShell offers every piped object to it first, and refusing
/// there stops the binding with this message; everything else passes through unchanged.
/// </summary>
internal sealed class NoFileSystemItemAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is FileSystemInfo item
            ? throw new ArgumentTransformationMetadataException(
                $"'{item.FullName}' is a file or folder, not a track id. Pipe track ids or tracks from Search-TrackyardTrack; name the destination with -Path or -LiteralPath (a folder piped in is the destination when -Id is given).")
            : inputData;
}
