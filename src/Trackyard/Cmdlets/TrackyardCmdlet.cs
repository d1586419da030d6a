using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// Base of the Trackyard cmdlets: the per-invocation cancellation (Ctrl+C), the pump that lets a call running on other
/// threads report through the pipeline thread, and errors written through the one error table.
/// </summary>
public abstract class TrackyardCmdlet : PSCmdlet, IDisposable
{
    // Made with the cmdlet (one instance per invocation), so StopProcessing always has something to cancel.
    private readonly CancellationTokenSource _cancellation = new();
    private bool? _verboseOn;
    private int _disposed;

    private protected TrackyardCmdlet()
    {
    }

    /// <summary>
    /// Whether this invocation shows verbose lines (read once, on the pipeline thread): the cmdlets skip building
    /// the lines nobody sees, which on a fast loop of calls is measurable.
    /// </summary>
    private protected bool VerboseOn => _verboseOn ??= IsOn("Verbose", "VerbosePreference");

    /// <summary>Cancels any request or wait in flight.</summary>
    protected override void StopProcessing()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stopped after the invocation ended: nothing left to cancel.
        }
    }

    /// <summary>Releases the cancellation source.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _cancellation.Dispose();
        }
    }

    /// <summary>Writes a failure as the table says: a terminating error or a non-terminating one.</summary>
    private protected void WriteApiError(TrackyardApiException exception, object? target)
    {
        var record = ErrorTable.ToErrorRecord(exception, target);
        if (ErrorTable.IsTerminating(exception))
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <summary>Throws a failure as a terminating error whatever the table says (e.g. a failed connect).</summary>
    private protected void ThrowApiError(TrackyardApiException exception, object? target) =>
        ThrowTerminatingError(ErrorTable.ToErrorRecord(exception, target));

    /// <summary>Rejects a parameter value before anything is sent (a terminating InvalidInput error).</summary>
    private protected void ThrowInvalidInput(string message, object? target = null) =>
        ThrowApiError(new TrackyardApiException(TrackyardFailureKind.InvalidInput, message), target);

    /// <summary>
    /// Starts <paramref name="call"/> on this (pipeline) thread, where it runs until its first real wait, and writes
    /// what it queues from the worker threads it continues on until it ends; its failure is thrown as it is (a user
    /// stop as <see cref="PipelineStoppedException"/>). Verbose, debug and progress messages of streams that are off
    /// are dropped where they are made.
    /// </summary>
    private protected T Pump<T>(Func<IApiCallObserver, CancellationToken, Task<T>> call)
    {
        var messages = new CallMessages();
        var observer = new QueuedObserver(messages, VerboseOn, IsOn("Debug", "DebugPreference"), IsOn(null, "ProgressPreference"));
        var token = _cancellation.Token;
        Task<T> task;
        try
        {
            task = WaitingThread.Start(() => call(observer, token));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        if (task.IsCompleted)
        {
            observer.Complete();
        }
        else
        {
            task.ContinueWith(_ => observer.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        try
        {
            while (messages.Take() is { } write)
            {
                write(this);
            }

            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            // Leaving early (a -WarningAction Stop, a stopped pipeline): do not let the call run on unseen.
            if (!task.IsCompleted)
            {
                StopProcessing();
            }

            observer.Complete();
        }
    }

    /// <summary>
    /// Whether a stream shows anything for this invocation: its common parameter (-Verbose, -Debug) when given, else
    /// its preference variable. Read once per call, on the pipeline thread.
    /// </summary>
    private bool IsOn(string? parameter, string preferenceVariable)
    {
        if (parameter != null && MyInvocation.BoundParameters.TryGetValue(parameter, out var given) && given is SwitchParameter switchGiven)
        {
            return switchGiven.IsPresent;
        }

        return SessionState.PSVariable.GetValue(preferenceVariable) is not ActionPreference preference
            || (preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore);
    }

    /// <summary>Queues what a call reports; only the pipeline thread writes it.</summary>
    private sealed class QueuedObserver : IApiCallObserver
    {
        private readonly CallMessages _messages;
        private readonly bool _progress;

        internal QueuedObserver(CallMessages messages, bool verbose, bool debug, bool progress)
        {
            _messages = messages;
            VerboseOn = verbose;
            DebugOn = debug;
            _progress = progress;
        }

        public bool VerboseOn { get; }

        public bool DebugOn { get; }

        public void OnVerbose(string message)
        {
            if (VerboseOn)
            {
                Post(cmdlet => cmdlet.WriteVerbose(message));
            }
        }

        public void OnDebug(string message)
        {
            if (DebugOn)
            {
                Post(cmdlet => cmdlet.WriteDebug(message));
            }
        }

        public void OnWarning(string message) => Post(cmdlet => cmdlet.WriteWarning(message));

        public void OnProgress(ProgressRecord progress)
        {
            if (_progress)
            {
                Post(cmdlet => cmdlet.WriteProgress(progress));
            }
        }

        internal void Complete() => _messages.Complete();

        // After the invocation ended (stopped or failed) nobody is left to write a message: it is dropped.
        private void Post(Action<Cmdlet> write) => _messages.TryAdd(write);
    }
}
