using System.Text;

namespace McpContext.Core.Processes;

/// <summary>How a run ended.</summary>
public enum ProcessOutcome
{
    /// <summary>The program exited by itself; <see cref="ProcessResult.ExitCode"/> says how.</summary>
    Exited,

    /// <summary>The timeout passed; the program and everything it started were killed.</summary>
    TimedOut,

    /// <summary>The caller cancelled; the program and everything it started were killed.</summary>
    Cancelled,

    /// <summary>The program could not be started (not found, not executable, no such working directory).</summary>
    FailedToStart,
}

/// <summary>The outcome of a run, as data: how it ended, the exit code, how long it took and the tail of its output.</summary>
public sealed record ProcessResult
{
    /// <summary>Exited, timed out, cancelled or failed to start.</summary>
    public required ProcessOutcome Outcome { get; init; }

    /// <summary>The exit code when the program exited; after a kill, the code the killed process reported, if any.</summary>
    public int? ExitCode { get; init; }

    /// <summary>From start to the program's exit (or its kill).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>What it wrote to standard output (the tail, when more than the bound).</summary>
    public CapturedOutput Stdout { get; init; } = CapturedOutput.Empty;

    /// <summary>What it wrote to standard error (the tail, when more than the bound).</summary>
    public CapturedOutput Stderr { get; init; } = CapturedOutput.Empty;

    /// <summary>Why it could not be started, when <see cref="Outcome"/> is <see cref="ProcessOutcome.FailedToStart"/>.</summary>
    public string? Error { get; init; }

    /// <summary>True when the program exited with code 0.</summary>
    public bool Succeeded => Outcome == ProcessOutcome.Exited && ExitCode == 0;
}

/// <summary>The bytes a program wrote to one stream: all of them, or the last <see cref="ProcessSpec.MaxOutputBytes"/>.</summary>
public sealed class CapturedOutput
{
    internal static readonly CapturedOutput Empty = new([], 0);

    private string? _text;

    internal CapturedOutput(byte[] bytes, long totalBytes)
    {
        Bytes = bytes;
        TotalBytes = totalBytes;
    }

    /// <summary>The bytes kept: the last ones written.</summary>
    public IReadOnlyList<byte> Bytes { get; }

    /// <summary>How many bytes the program wrote in all.</summary>
    public long TotalBytes { get; }

    /// <summary>True when the start was dropped to stay within the bound.</summary>
    public bool Truncated => TotalBytes > Bytes.Count;

    /// <summary>The kept bytes as UTF-8 text (invalid sequences replaced); a cut start begins at the next whole character.</summary>
    public string Text => _text ??= Decode();

    /// <inheritdoc />
    public override string ToString() => Text;

    private string Decode()
    {
        var bytes = (byte[])Bytes;
        var start = 0;
        if (Truncated)
        {
            // The cut may fall inside a multi-byte character; its continuation bytes would decode as garbage.
            while (start < bytes.Length && start < 3 && (bytes[start] & 0xC0) == 0x80)
            {
                start++;
            }
        }

        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
