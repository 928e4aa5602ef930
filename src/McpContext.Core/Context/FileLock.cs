namespace McpContext.Core.Context;

/// <summary>
/// A cross-process exclusive lock on a lock file. On Linux and macOS .NET takes an advisory
/// <c>flock</c> for <see cref="FileShare.None"/>, which the kernel releases when the holder dies, so a
/// killed writer can never leave the context locked.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits up to <paramref name="timeout"/> for the lock; null if another process still holds it.</summary>
    public static FileLock? TryAcquire(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var wait = 1;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Held by another writer; writes take milliseconds, so back off briefly and retry.
                cancellationToken.WaitHandle.WaitOne(wait);
                cancellationToken.ThrowIfCancellationRequested();
                wait = Math.Min(wait * 2, 50);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
