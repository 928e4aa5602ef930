namespace McpContext.Core.Processes;

/// <summary>
/// A program to run: its arguments as a list (each passed as one argv entry, never through a shell),
/// where, with which environment changes, for how long, and how much of its output to keep.
/// </summary>
/// <param name="FileName">The program: a path, or a name looked up on <c>PATH</c>.</param>
/// <param name="Arguments">The arguments, each one argv entry exactly as given.</param>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The default bound on each captured stream: 1 MiB.</summary>
    public const int DefaultMaxOutputBytes = 1 << 20;

    /// <summary>The working directory; null means the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Changes to the inherited environment: a value sets the variable, null removes it.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>How long the program (and whatever it started) may run; null means no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Bytes written to standard input before it is closed; null closes it at once.</summary>
    public ReadOnlyMemory<byte>? StandardInput { get; init; }

    /// <summary>
    /// Receives standard output as the program writes it, instead of it being kept: for output too large to
    /// hold, or worth working on before the program ends. Called on a reader thread, one call at a time, with
    /// a buffer that is reused after the call returns. <see cref="ProcessResult.Stdout"/> is then empty.
    /// </summary>
    public Action<ReadOnlySpan<byte>>? StandardOutputSink { get; init; }

    /// <summary>How many bytes of each of stdout and stderr to keep; beyond that the oldest are dropped, the tail is kept.</summary>
    public int MaxOutputBytes { get; init; } = DefaultMaxOutputBytes;
}
