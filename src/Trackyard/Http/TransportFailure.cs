using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Trackyard;

/// <summary>
/// Turns what .NET throws for a request that got no answer into the module's failure: which kind (connection, TLS,
/// proxy, timeout, unreadable answer), how far the request got (<see cref="Delivery"/>: whether a charged request
/// may be sent again), and a message and inner exceptions with every secret removed.
/// </summary>
internal static class TransportFailure
{
    /// <summary>The failure for an exception thrown while sending <paramref name="request"/> and reading the headers.</summary>
    /// <param name="exception">What .NET threw.</param>
    /// <param name="request">The request.</param>
    /// <param name="host">The service's host, for the message.</param>
    /// <param name="timeout">The per-attempt timeout, when it is what ended the attempt; else null.</param>
    /// <param name="wire">Cleans the texts (knows the key).</param>
    internal static TrackyardApiException FromSend(Exception exception, ApiRequest request, string host, TimeSpan? timeout, WireText wire)
    {
        if (exception is TrackyardApiException known)
        {
            return known;
        }

        var (kind, delivery) = timeout is null ? Classify(exception) : (TrackyardFailureKind.Timeout, Delivery.MaybeReceived);
        var detail = Innermost(exception, wire);
        var message = kind switch
        {
            TrackyardFailureKind.Timeout => $"Trackyard did not answer {request.Name}{request.ForSubject} within {timeout!.Value.TotalSeconds:0} s.",
            TrackyardFailureKind.TlsFailed => $"The secure (TLS) connection to {host} failed, so {request.Name} was not sent: {detail}",
            TrackyardFailureKind.ProxyFailed => $"The proxy did not open a connection to {host}, so {request.Name} was not sent: {detail}",
            TrackyardFailureKind.InvalidResponse => $"Trackyard's answer to {request.Name}{request.ForSubject} could not be read: {detail}",
            _ when delivery == Delivery.NotSent => $"Could not reach Trackyard at {host} ({request.Name}): {detail}",
            _ => $"The connection to Trackyard at {host} broke during {request.Name}{request.ForSubject}: {detail}",
        };
        if (delivery == Delivery.MaybeReceived && request.Charged)
        {
            message += " The request may have reached Trackyard and cost a credit, so it was not sent again.";
        }

        return new TrackyardApiException(kind, message, Redacted(exception, wire)) { Delivery = delivery };
    }

    /// <summary>The innermost message of an exception chain, made safe.</summary>
    internal static string Innermost(Exception exception, WireText? wire)
    {
        var innermost = exception;
        while (innermost.InnerException != null)
        {
            innermost = innermost.InnerException;
        }

        return Clean(innermost.Message, wire) ?? innermost.GetType().Name;
    }

    /// <summary>
    /// A copy of an exception chain that keeps each exception's type name and message, made safe, and nothing else:
    /// what .NET writes into its messages (a proxy's user name and password, an echoed key) never reaches $Error.
    /// </summary>
    internal static Exception Redacted(Exception exception, WireText? wire) =>
        new TransportException(
            (exception as TransportException)?.OriginalType ?? exception.GetType().FullName ?? exception.GetType().Name,
            Clean(exception.Message, wire) ?? string.Empty,
            exception.InnerException is null ? null : Redacted(exception.InnerException, wire));

    private static string? Clean(string text, WireText? wire) => wire is null ? DisplayText.Clean(text, 500) : wire.Clean(text, 500);

    /// <summary>What kind of failure, and whether the request can have left this machine.</summary>
    private static (TrackyardFailureKind Kind, Delivery Delivery) Classify(Exception exception)
    {
        // .NET 8 and later say exactly what went wrong (HttpRequestException.HttpRequestError); the module is built
        // for netstandard2.0, so the property is read by name where the runtime has it.
        switch (exception.GetType().GetProperty("HttpRequestError")?.GetValue(exception)?.ToString())
        {
            case "NameResolutionError":
            case "ConnectionError":
                return (TrackyardFailureKind.ConnectionFailed, Delivery.NotSent);
            case "SecureConnectionError":
                return (TrackyardFailureKind.TlsFailed, Delivery.NotSent);
            case "ProxyTunnelError":
                return (TrackyardFailureKind.ProxyFailed, Delivery.NotSent);
            case "ConfigurationLimitExceeded":
                return (TrackyardFailureKind.InvalidResponse, Delivery.MaybeReceived);
            case null:
            case "Unknown":
                return ClassifyByInnerExceptions(exception);
            default:
                return (TrackyardFailureKind.ConnectionFailed, Delivery.MaybeReceived);
        }
    }

    /// <summary>
    /// Where the runtime does not say (Windows PowerShell, or an error it left unclassified), the inner exceptions
    /// tell what happened before sending.
    /// </summary>
    private static (TrackyardFailureKind Kind, Delivery Delivery) ClassifyByInnerExceptions(Exception exception)
    {
        for (var current = exception; current != null; current = current.InnerException)
        {
            switch (current)
            {
                case AuthenticationException:
                    return (TrackyardFailureKind.TlsFailed, Delivery.NotSent);
                case SocketException socket when socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.NoData or SocketError.TryAgain or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                    or SocketError.AddressNotAvailable:
                    return (TrackyardFailureKind.ConnectionFailed, Delivery.NotSent);
                case WebException web when web.Status is WebExceptionStatus.SecureChannelFailure or WebExceptionStatus.TrustFailure:
                    return (TrackyardFailureKind.TlsFailed, Delivery.NotSent);
                case WebException web when web.Status is WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure
                    or WebExceptionStatus.ProxyNameResolutionFailure:
                    return (TrackyardFailureKind.ConnectionFailed, Delivery.NotSent);
            }
        }

        return (TrackyardFailureKind.ConnectionFailed, Delivery.MaybeReceived);
    }
}

/// <summary>What .NET reported about a failed request, with its secrets removed: the original type's name and message.</summary>
internal sealed class TransportException : Exception
{
    internal TransportException(string originalType, string message, Exception? inner)
        : base(message, inner)
    {
        OriginalType = originalType;
    }

    /// <summary>The full name of the exception .NET threw.</summary>
    internal string OriginalType { get; }

    /// <summary>The original type and the cleaned message, never a secret.</summary>
    public override string ToString() => OriginalType + ": " + Message + (InnerException is null ? string.Empty : " ---> " + InnerException);
}
