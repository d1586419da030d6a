using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// What a call reports while it runs. It is called on worker threads; the cmdlet's implementation queues each
/// message for the pipeline thread, which alone may call Write*.
/// </summary>
internal interface IApiCallObserver
{
    /// <summary>Whether verbose lines are shown: when not, callers skip building them.</summary>
    bool VerboseOn { get; }

    /// <summary>Whether debug lines are shown: when not, callers skip building them.</summary>
    bool DebugOn { get; }

    /// <summary>A line for the verbose stream (never headers or the key).</summary>
    void OnVerbose(string message);

    /// <summary>A line for the debug stream (never headers or the key).</summary>
    void OnDebug(string message);

    /// <summary>A line for the warning stream: a wait or a choice the user should know about.</summary>
    void OnWarning(string message);

    /// <summary>Progress of a long operation (downloads, waits).</summary>
    void OnProgress(ProgressRecord progress);
}

/// <summary>An observer that drops everything, for callers that do not listen.</summary>
internal sealed class NullApiCallObserver : IApiCallObserver
{
    internal static readonly NullApiCallObserver Instance = new();

    public bool VerboseOn => false;

    public bool DebugOn => false;

    public void OnVerbose(string message)
    {
    }

    public void OnDebug(string message)
    {
    }

    public void OnWarning(string message)
    {
    }

    public void OnProgress(ProgressRecord progress)
    {
    }
}
