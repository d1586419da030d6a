namespace Trackyard;

/// <summary>What went wrong with a Trackyard call; each kind maps to one row of the error table.</summary>
public enum TrackyardFailureKind
{
    /// <summary>HTTP 400: the request had invalid parameters.</summary>
    BadRequest,

    /// <summary>HTTP 401: the API key is missing, invalid, expired or revoked.</summary>
    Unauthorized,

    /// <summary>HTTP 402: the account has no credits left.</summary>
    OutOfCredits,

    /// <summary>HTTP 403: the key is valid but lacks permission.</summary>
    Forbidden,

    /// <summary>HTTP 404: the resource (for example a track id) does not exist.</summary>
    NotFound,

    /// <summary>HTTP 429: a rate limit was hit and was not (or no longer) retried.</summary>
    RateLimited,

    /// <summary>HTTP 500, 502, 503 or 504: the service failed.</summary>
    ServerError,

    /// <summary>Any other HTTP status, including redirects.</summary>
    UnexpectedStatus,

    /// <summary>The connection was refused or reset, or the host name did not resolve.</summary>
    ConnectionFailed,

    /// <summary>The TLS handshake failed, for example because the server's certificate is not trusted.</summary>
    TlsFailed,

    /// <summary>The proxy refused to forward the request (for example HTTP 407 or 502 to CONNECT).</summary>
    ProxyFailed,

    /// <summary>The per-request timeout elapsed, or the server answered HTTP 408.</summary>
    Timeout,

    /// <summary>A success status with a body that could not be read or understood.</summary>
    InvalidResponse,

    /// <summary>No connection: Connect-Trackyard has not been run.</summary>
    NotConnected,

    /// <summary>A parameter value was rejected before any request was sent.</summary>
    InvalidInput,

    /// <summary>The folder to save into does not exist.</summary>
    FolderNotFound,

    /// <summary>A path belongs to another PowerShell provider (Env:, Variable:, ...), not to the file system.</summary>
    NotFileSystemPath,

    /// <summary>A path that cannot be used: unresolvable, a wildcard matching nothing or several items, or a file where a folder must be.</summary>
    InvalidPath,

    /// <summary>The folder exists but no file can be created in it (read-only, no permission).</summary>
    FolderNotWritable,

    /// <summary>The drive has too little free space for the file.</summary>
    NotEnoughSpace,

    /// <summary>The destination file exists and neither -Force nor -SkipExisting was given.</summary>
    FileExists,

    /// <summary>The destination is a folder, device, FIFO, socket or symbolic link, which is never replaced.</summary>
    NotARegularFile,

    /// <summary>Writing or renaming the file failed for another reason.</summary>
    SaveFailed,

    /// <summary>The connection's spending limit (Connect-Trackyard -CreditLimit) is spent; the charged request was not sent.</summary>
    CreditLimitReached,
}
