namespace McpContext.Core.Processes;

/// <summary>
/// Drains one output pipe of a program on a thread of its own, with blocking reads, into a sink. A pipe fills
/// in small writes, and an asynchronous read per write costs a thread-pool wake-up each: for megabytes of
/// output that is more CPU than the program spends writing them. Once stopped, the sink is never called
/// again, even if something the program left behind still writes to the pipe.
/// </summary>
internal sealed class OutputPump : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Action<ReadOnlySpan<byte>> _sink;
    private bool _stopped;

    public OutputPump(Stream stream, Action<ReadOnlySpan<byte>> sink)
    {
        _sink = sink;
        Drained = Task.Factory.StartNew(() => Drain(stream), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Completes when the pipe is closed: every process holding its write end has exited or closed it.</summary>
    public Task Drained { get; }

    /// <summary>From now on, what is read is dropped; when this returns, no call to the sink is under way.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
    }

    public void Dispose() => Stop();

    private void Drain(Stream stream)
    {
        // Large enough that megabytes of output (a whole-release diff) take a few hundred reads, not thousands.
        var chunk = new byte[1 << 16];
        try
        {
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                lock (_gate)
                {
                    if (!_stopped)
                    {
                        _sink(chunk.AsSpan(0, read));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe was closed under us after the drain limit: what was read is what there is.
        }
    }
}
