namespace McpContext.Core.Git;

/// <summary>The outcome of a git command: a value, or an error saying which command failed and what git said.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public readonly record struct GitResult<T>
{
    internal GitResult(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value, when <see cref="Error"/> is null.</summary>
    public T? Value { get; }

    /// <summary>What went wrong, or null on success.</summary>
    public string? Error { get; }

    /// <summary>True when the command succeeded.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;
}

/// <summary>Makes <see cref="GitResult{T}"/> values.</summary>
public static class GitResult
{
    /// <summary>A success.</summary>
    public static GitResult<T> Success<T>(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static GitResult<T> Failure<T>(string error) => new(default, error);
}
