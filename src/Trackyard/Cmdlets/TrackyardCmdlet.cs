using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// Base of the Trackyard cmdlets: the per-invocation cancellation (Ctrl+C), the pump that lets work on other
/// threads report through the pipeline thread, and error writing through the one error table.
/// </summary>
public abstract class TrackyardCmdlet : PSCmdlet, IDisposable
{
    // Made with the cmdlet (one instance per invocation), so StopProcessing always has something to cancel.
    private readonly CancellationTokenSource _cancellation = new();
    private int _disposed;

    private protected TrackyardCmdlet()
    {
    }

    /// <summary>Cancelled when the user stops the pipeline (Ctrl+C).</summary>
    private protected CancellationToken CancellationToken => _cancellation.Token;

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

    /// <summary>
    /// Runs an API call on a worker thread while this (pipeline) thread writes the verbose, warning, debug and
    /// progress messages the call queues, then returns its result or rethrows its failure. A user stop becomes
    /// <see cref="PipelineStoppedException"/>, so no error is written for it.
    /// </summary>
    private protected T RunApiCall<T>(Func<CancellationToken, IApiCallObserver, Task<T>> call)
    {
        using var messages = new BlockingCollection<Action<Cmdlet>>();
        var observer = new QueuedObserver(messages);
        var token = _cancellation.Token;
        var task = Task.Run(() => call(token, observer), token);
        task.ContinueWith(_ => observer.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            foreach (var write in messages.GetConsumingEnumerable())
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

    /// <summary>Writes a failure as the table says: a terminating error or a non-terminating one.</summary>
    private protected void WriteApiError(TrackyardApiException exception, object? target)
    {
        var record = ErrorMapper.ToErrorRecord(exception, target);
        if (ErrorMapper.IsTerminating(exception))
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <summary>Throws a failure as a terminating error whatever the table says (e.g. a failed connect).</summary>
    private protected void ThrowApiError(TrackyardApiException exception, object? target) =>
        ThrowTerminatingError(ErrorMapper.ToErrorRecord(exception, target));

    /// <summary>Queues what the HTTP layer reports; only the pipeline thread writes it.</summary>
    private sealed class QueuedObserver : IApiCallObserver, IApiCallWarnings
    {
        private readonly BlockingCollection<Action<Cmdlet>> _messages;
        private int _completed;

        internal QueuedObserver(BlockingCollection<Action<Cmdlet>> messages) => _messages = messages;

        public void OnVerbose(string message) => Post(cmdlet => cmdlet.WriteVerbose(message));

        public void OnDebug(string message) => Post(cmdlet => cmdlet.WriteDebug(message));

        public void OnWarning(string message) => Post(cmdlet => cmdlet.WriteWarning(message));

        public void OnRetryScheduled(int attempt, int maxAttempts, TimeSpan delay, string reason) =>
            Post(cmdlet => cmdlet.WriteWarning($"{reason}; retrying in {Math.Max(1, Math.Round(delay.TotalSeconds))} s, attempt {attempt} of {maxAttempts}"));

        public void OnProgress(ProgressRecord progress) => Post(cmdlet => cmdlet.WriteProgress(progress));

        internal void Complete()
        {
            if (Interlocked.Exchange(ref _completed, 1) == 0)
            {
                _messages.CompleteAdding();
            }
        }

        private void Post(Action<Cmdlet> write)
        {
            try
            {
                _messages.Add(write);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
            {
                // The invocation already ended (stopped or failed): nobody is left to read the message.
            }
        }
    }
}
