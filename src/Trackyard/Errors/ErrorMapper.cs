using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// The one table from failure to ErrorRecord: every status-code decision of the module lives here, and so does
/// every failure to save a file.
/// </summary>
internal static class ErrorMapper
{
    private static readonly Dictionary<TrackyardFailureKind, ErrorRule> Rules = new()
    {
        [TrackyardFailureKind.BadRequest] = new(ErrorCategory.InvalidArgument, "InvalidParameters", false,
            "Check the parameter values and their types; the API message names the field at fault."),
        [TrackyardFailureKind.Unauthorized] = new(ErrorCategory.AuthenticationError, "Unauthorized", true,
            "Check the API key and run Connect-Trackyard again; if the key was revoked, create a new one at app.trackyard.com/api-keys."),
        [TrackyardFailureKind.OutOfCredits] = new(ErrorCategory.QuotaExceeded, "OutOfCredits", true,
            "Wait for the monthly credit reset or upgrade your plan; do not retry."),
        [TrackyardFailureKind.Forbidden] = new(ErrorCategory.PermissionDenied, "Forbidden", false,
            "Check your tier with Get-TrackyardAccount; this feature may need a paid plan."),
        [TrackyardFailureKind.NotFound] = new(ErrorCategory.ObjectNotFound, "NotFound", false,
            "Check the track id (use an Id from Search-TrackyardTrack); the track may have been removed from the catalog."),
        [TrackyardFailureKind.RateLimited] = new(ErrorCategory.LimitsExceeded, "RateLimited", true,
            "Wait Retry-After seconds (use -RetryOnRateLimit) or upgrade your plan."),
        [TrackyardFailureKind.ServerError] = new(ErrorCategory.ResourceUnavailable, "ServerError", false,
            "Retry after a short delay; if it persists, contact support@trackyard.com with the request id."),
        [TrackyardFailureKind.UnexpectedStatus] = new(ErrorCategory.ProtocolError, "UnexpectedStatus", false,
            "Check -BaseUri of Connect-Trackyard and any proxy in between; the service answered with a status it does not document."),
        [TrackyardFailureKind.ConnectionFailed] = new(ErrorCategory.ConnectionError, "ConnectionFailed", false,
            "Check the network, DNS, proxy settings and -BaseUri of Connect-Trackyard, then retry."),
        [TrackyardFailureKind.Timeout] = new(ErrorCategory.OperationTimeout, "Timeout", false,
            "Retry later, or give requests more time with Connect-Trackyard -TimeoutSec."),
        [TrackyardFailureKind.InvalidResponse] = new(ErrorCategory.InvalidResult, "InvalidResponse", false,
            "Retry later; if it persists, check -BaseUri and any proxy in between, and report the request id to support."),
        [TrackyardFailureKind.NotConnected] = new(ErrorCategory.InvalidOperation, "NotConnected", true,
            "Run Connect-Trackyard first, or pass a connection with -Connection."),
        [TrackyardFailureKind.InvalidInput] = new(ErrorCategory.InvalidArgument, "InvalidInput", false,
            "Correct the parameter value and run the command again."),

        // Saving files. A folder that cannot take a file fails the same way for every input, so it stops the
        // pipeline; a conflict over one file name concerns that track only.
        [TrackyardFailureKind.FolderNotFound] = new(ErrorCategory.ObjectNotFound, "FolderNotFound", true,
            "Create the folder (New-Item -ItemType Directory -Path <folder>) or give an existing one, then run the command again."),
        [TrackyardFailureKind.NotFileSystemPath] = new(ErrorCategory.InvalidArgument, "NotFileSystemPath", true,
            "Give a folder or a file name on the file system with -Path or -LiteralPath."),
        [TrackyardFailureKind.InvalidPath] = new(ErrorCategory.InvalidArgument, "InvalidPath", true,
            "Give one existing folder, or a file name in one; use -LiteralPath for names with wildcard characters ([ ] * ?)."),
        [TrackyardFailureKind.FolderNotWritable] = new(ErrorCategory.PermissionDenied, "FolderNotWritable", true,
            "Save to a folder you can write to, or fix the folder's permissions or mount options."),
        [TrackyardFailureKind.NotEnoughSpace] = new(ErrorCategory.WriteError, "NotEnoughSpace", true,
            "Free space on that drive or save to another folder, then run the command again."),
        [TrackyardFailureKind.FileExists] = new(ErrorCategory.ResourceExists, "FileExists", false,
            "Use -Force to overwrite the file, -SkipExisting to skip it, or give another -Path."),
        [TrackyardFailureKind.NotARegularFile] = new(ErrorCategory.ResourceExists, "NotARegularFile", false,
            "Give a folder or the name of a regular file; -Force replaces regular files only."),
        [TrackyardFailureKind.SaveFailed] = new(ErrorCategory.WriteError, "SaveFailed", false,
            "Check that the folder is writable and has free space, then run the command again."),
    };

    /// <summary>The failure kind of an HTTP error status.</summary>
    internal static TrackyardFailureKind KindForStatus(int statusCode) => statusCode switch
    {
        400 => TrackyardFailureKind.BadRequest,
        401 => TrackyardFailureKind.Unauthorized,
        402 => TrackyardFailureKind.OutOfCredits,
        403 => TrackyardFailureKind.Forbidden,
        404 => TrackyardFailureKind.NotFound,
        429 => TrackyardFailureKind.RateLimited,
        500 or 502 or 503 or 504 => TrackyardFailureKind.ServerError,
        _ => TrackyardFailureKind.UnexpectedStatus,
    };

    /// <summary>The row of the table for a failure kind.</summary>
    internal static ErrorRule RuleFor(TrackyardFailureKind kind) => Rules[kind];

    /// <summary>Whether this failure makes the rest of the pipeline meaningless.</summary>
    internal static bool IsTerminating(TrackyardApiException exception) => RuleFor(exception.Kind).Terminating;

    /// <summary>Builds the ErrorRecord for a failure, with the real target (query, track id, base URI).</summary>
    internal static ErrorRecord ToErrorRecord(TrackyardApiException exception, object? target)
    {
        var rule = RuleFor(exception.Kind);
        return new ErrorRecord(exception, rule.ErrorId, rule.Category, target)
        {
            ErrorDetails = new ErrorDetails(DetailsMessage(exception))
            {
                RecommendedAction = rule.RecommendedAction,
            },
        };
    }

    /// <summary>The API's message with the status, code and request id the user needs beside it.</summary>
    private static string DetailsMessage(TrackyardApiException exception)
    {
        if (exception.StatusCode is not int status)
        {
            return exception.Message;
        }

        var message = string.IsNullOrEmpty(exception.ApiMessage) ? exception.Message : exception.ApiMessage!;
        var extras = new List<string> { "HTTP " + status };
        if (!string.IsNullOrEmpty(exception.ErrorCode))
        {
            extras.Add("code " + exception.ErrorCode);
        }

        if (exception.RetryAfter is { } retryAfter)
        {
            extras.Add("retry after " + Math.Ceiling(retryAfter.TotalSeconds) + " s");
        }

        if (!string.IsNullOrEmpty(exception.RequestId))
        {
            extras.Add("request id " + exception.RequestId);
        }

        return message + " (" + string.Join(", ", extras) + ")";
    }
}

/// <summary>One row of the error table.</summary>
internal sealed class ErrorRule
{
    internal ErrorRule(ErrorCategory category, string errorId, bool terminating, string recommendedAction)
    {
        Category = category;
        ErrorId = errorId;
        Terminating = terminating;
        RecommendedAction = recommendedAction;
    }

    internal ErrorCategory Category { get; }

    internal string ErrorId { get; }

    internal bool Terminating { get; }

    internal string RecommendedAction { get; }
}
