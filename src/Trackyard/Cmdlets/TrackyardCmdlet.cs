using System;
using System.Collections.Concurrent;
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
    private int _disposed;

    private protected TrackyardCmdlet()
    {
    }

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
    /// Runs <paramref name="call"/> on a worker thread and writes what it queues until it ends; its failure is
    /// thrown as it is (a user stop as <see cref="PipelineStoppedException"/>).
    /// </summary>
    private protected T Pump<T>(Func<IApiCallObserver, CancellationToken, Task<T>> call)
    {
        using var messages = new BlockingCollection<Action<Cmdlet>>();
        var observer = new QueuedObserver(messages);
        var token = _cancellation.Token;
        var task = Task.Run(() => call(observer, token), token);
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

    /// <summary>Queues what a call reports; only the pipeline thread writes it.</summary>
    private sealed class QueuedObserver : IApiCallObserver
    {
        private readonly BlockingCollection<Action<Cmdlet>> _messages;
        private int _completed;

        internal QueuedObserver(BlockingCollection<Action<Cmdlet>> messages) => _messages = messages;

        public void OnVerbose(string message) => Post(cmdlet => cmdlet.WriteVerbose(message));

        public void OnDebug(string message) => Post(cmdlet => cmdlet.WriteDebug(message));

        public void OnWarning(string message) => Post(cmdlet => cmdlet.WriteWarning(message));

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
