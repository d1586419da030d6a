using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// The one table of the module's failure decisions. <see cref="ForStatus"/>: per HTTP status, the failure kind, the
/// status text, whether it is retried (and by which rule) and whether it is a redirect that is followed. Per failure
/// kind (statuses and failures without one): the ErrorRecord's category, ErrorId, whether it ends the pipeline, and
/// the recommended action; the kinds include the ways saving a file fails. <c>tests/data/status-table.csv</c> holds
/// the status rows as test data.
/// </summary>
internal static class ErrorTable
{
    private static readonly Dictionary<int, StatusRow> Statuses = Index(
        new StatusRow(301, "Moved Permanently", TrackyardFailureKind.UnexpectedStatus, RetryClass.Never, followed: true),
        new StatusRow(302, "Found", TrackyardFailureKind.UnexpectedStatus, RetryClass.Never, followed: true),
        new StatusRow(303, "See Other", TrackyardFailureKind.UnexpectedStatus, RetryClass.Never, followed: true),
        new StatusRow(307, "Temporary Redirect", TrackyardFailureKind.UnexpectedStatus, RetryClass.Never, followed: true),
        new StatusRow(308, "Permanent Redirect", TrackyardFailureKind.UnexpectedStatus, RetryClass.Never, followed: true),
        new StatusRow(400, "Bad Request", TrackyardFailureKind.BadRequest, RetryClass.Never),
        new StatusRow(401, "Unauthorized", TrackyardFailureKind.Unauthorized, RetryClass.Never),
        new StatusRow(402, "Payment Required", TrackyardFailureKind.OutOfCredits, RetryClass.Never),
        new StatusRow(403, "Forbidden", TrackyardFailureKind.Forbidden, RetryClass.Never),
        new StatusRow(404, "Not Found", TrackyardFailureKind.NotFound, RetryClass.Never),
        new StatusRow(408, "Request Timeout", TrackyardFailureKind.Timeout, RetryClass.Transient),
        new StatusRow(429, "Too Many Requests", TrackyardFailureKind.RateLimited, RetryClass.RateLimit),
        new StatusRow(500, "Internal Server Error", TrackyardFailureKind.ServerError, RetryClass.Transient),
        new StatusRow(502, "Bad Gateway", TrackyardFailureKind.ServerError, RetryClass.Transient),
        new StatusRow(503, "Service Unavailable", TrackyardFailureKind.ServerError, RetryClass.Transient),
        new StatusRow(504, "Gateway Timeout", TrackyardFailureKind.ServerError, RetryClass.Transient));

    private static readonly Dictionary<TrackyardFailureKind, KindRow> Kinds = new()
    {
        [TrackyardFailureKind.BadRequest] = new(ErrorCategory.InvalidArgument, "InvalidParameters", false,
            "Check the parameter values and their types; the API message names the field at fault."),
        [TrackyardFailureKind.Unauthorized] = new(ErrorCategory.AuthenticationError, "Unauthorized", true,
            "Check the API key and run Connect-Trackyard again; if the key was revoked, create a new one at app.trackyard.com/api-keys."),
        [TrackyardFailureKind.OutOfCredits] = new(ErrorCategory.QuotaExceeded, "OutOfCredits", true,
            "Wait for the monthly credit reset or upgrade your plan; do not retry."),
        [TrackyardFailureKind.Forbidden] = new(ErrorCategory.PermissionDenied, "Forbidden", false,
            "The key is valid but may not do this: the API message says what is missing; check the key's permissions at app.trackyard.com/api-keys and its tier with Get-TrackyardAccount."),
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
        [TrackyardFailureKind.TlsFailed] = new(ErrorCategory.SecurityError, "TlsFailed", true,
            "Check -BaseUri and that this machine trusts the service's certificate; certificate checks are never switched off."),
        [TrackyardFailureKind.ProxyFailed] = new(ErrorCategory.ConnectionError, "ProxyFailed", true,
            "Check the proxy address and its credentials (-Proxy and -ProxyCredential of Connect-Trackyard, or HTTPS_PROXY)."),
        [TrackyardFailureKind.Timeout] = new(ErrorCategory.OperationTimeout, "Timeout", false,
            "Retry later, or give requests more time with Connect-Trackyard -TimeoutSec."),
        [TrackyardFailureKind.InvalidResponse] = new(ErrorCategory.InvalidResult, "InvalidResponse", false,
            "Retry later; if it persists, check -BaseUri and any proxy in between, and report the request id to support."),
        [TrackyardFailureKind.NotConnected] = new(ErrorCategory.InvalidOperation, "NotConnected", true,
            "Run Connect-Trackyard first, or pass a connection with -Connection."),
        [TrackyardFailureKind.InvalidInput] = new(ErrorCategory.InvalidArgument, "InvalidInput", false,
            "Correct the parameter value and run the command again."),
        [TrackyardFailureKind.CreditLimitReached] = new(ErrorCategory.QuotaExceeded, "CreditLimitReached", true,
            "Run Connect-Trackyard again with a higher -CreditLimit to allow more spending; a new connection counts its credits from zero."),

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

    /// <summary>The row of an HTTP status; a status the table does not list is an unexpected one, never retried.</summary>
    internal static StatusRow ForStatus(int status) =>
        Statuses.TryGetValue(status, out var row)
            ? row
            : new StatusRow(status, "HTTP " + status.ToString(CultureInfo.InvariantCulture), TrackyardFailureKind.UnexpectedStatus, RetryClass.Never);

    /// <summary>The row of a failure kind.</summary>
    internal static KindRow ForKind(TrackyardFailureKind kind) => Kinds[kind];

    /// <summary>Whether this failure makes the rest of the pipeline meaningless.</summary>
    internal static bool IsTerminating(TrackyardApiException exception) => ForKind(exception.Kind).Terminating;

    /// <summary>
    /// Builds the ErrorRecord for a failure, with the real target (query, track id, base URI). A text target keeps
    /// its content, but not terminal control characters: PowerShell prints it in the error's category line.
    /// </summary>
    internal static ErrorRecord ToErrorRecord(TrackyardApiException exception, object? target)
    {
        var row = ForKind(exception.Kind);
        return new ErrorRecord(exception, row.ErrorId, row.Category, target is string text ? DisplayText.Escape(text) : target)
        {
            ErrorDetails = new ErrorDetails(DetailsMessage(exception))
            {
                RecommendedAction = exception.Advice ?? row.Advice,
            },
        };
    }

    /// <summary>
    /// What the console shows: for an answer, the API's message with the status, code and request id beside it and
    /// the module's own note; otherwise the module's message.
    /// </summary>
    private static string DetailsMessage(TrackyardApiException exception)
    {
        if (exception.StatusCode is not int status)
        {
            return exception.Message;
        }

        var extras = new List<string>();
        if (exception.Subject != null)
        {
            extras.Add("for " + exception.Subject);
        }

        extras.Add("HTTP " + status.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(exception.ErrorCode))
        {
            extras.Add("code " + exception.ErrorCode);
        }

        if (exception.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
        {
            extras.Add("retry after " + WaitText.Seconds(retryAfter) + " s");
        }

        if (!string.IsNullOrEmpty(exception.RequestId))
        {
            extras.Add("request id " + exception.RequestId);
        }

        if (string.IsNullOrEmpty(exception.ApiMessage))
        {
            return exception.Message + " (" + string.Join(", ", extras) + ")";
        }

        var details = exception.ApiMessage + " (" + string.Join(", ", extras) + ")";
        return exception.Note is null ? details : details + " " + exception.Note;
    }

    private static Dictionary<int, StatusRow> Index(params StatusRow[] rows)
    {
        var index = new Dictionary<int, StatusRow>();
        foreach (var row in rows)
        {
            index.Add(row.Status, row);
        }

        return index;
    }
}

/// <summary>Which retry rule, if any, tries a status again.</summary>
internal enum RetryClass
{
    /// <summary>Never retried: asking again gives the same answer.</summary>
    Never,

    /// <summary>Retried by default, a few times with backoff: the service may well answer next time.</summary>
    Transient,

    /// <summary>Retried only with -RetryOnRateLimit, after the wait the service asks for.</summary>
    RateLimit,
}

/// <summary>One HTTP status in the error table.</summary>
internal sealed class StatusRow
{
    internal StatusRow(int status, string text, TrackyardFailureKind kind, RetryClass retry, bool followed = false)
    {
        Status = status;
        Text = text;
        Kind = kind;
        Retry = retry;
        Followed = followed;
    }

    internal int Status { get; }

    /// <summary>The status text shown when the response has no reason phrase.</summary>
    internal string Text { get; }

    /// <summary>The failure it becomes when it is the final answer.</summary>
    internal TrackyardFailureKind Kind { get; }

    internal RetryClass Retry { get; }

    /// <summary>A redirect that is followed (as <see cref="RedirectPolicy"/> allows).</summary>
    internal bool Followed { get; }
}

/// <summary>One failure kind in the error table.</summary>
internal sealed class KindRow
{
    internal KindRow(ErrorCategory category, string errorId, bool terminating, string advice)
    {
        Category = category;
        ErrorId = errorId;
        Terminating = terminating;
        Advice = advice;
    }

    internal ErrorCategory Category { get; }

    internal string ErrorId { get; }

    internal bool Terminating { get; }

    /// <summary>The recommended action shown with the error, unless the failure brings a more fitting one.</summary>
    internal string Advice { get; }
}
