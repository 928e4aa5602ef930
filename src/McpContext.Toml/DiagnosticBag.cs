namespace McpContext.Toml;

/// <summary>
/// Errors found while parsing and binding, by offset. Capped: a document with thousands of errors is not
/// fixed one message at a time, and building messages for all of them would make bad input slow.
/// </summary>
internal sealed class DiagnosticBag
{
    public const int Max = 100;

    public List<(int Offset, string Message)> Items { get; } = [];

    /// <summary>True once no more errors will be kept; callers skip building costly messages then.</summary>
    public bool IsFull => Items.Count >= Max;

    public void Report(int offset, string message)
    {
        if (!IsFull)
        {
            Items.Add((offset, message));
        }
    }
}
