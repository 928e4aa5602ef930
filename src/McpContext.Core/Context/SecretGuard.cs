using McpContext.Toml;

namespace McpContext.Core.Context;

/// <summary>
/// Keeps secrets out of the project context. A write whose values hold one is refused with the findings;
/// a file that already holds one (edited by hand) is served redacted with the findings as diagnostics.
/// Findings name the path and the kind of secret, never the secret: they travel to clients and logs.
/// </summary>
/// <remarks>
/// Known formats (private keys, cloud keys, GitHub/GitLab/Slack/OpenAI-style tokens, JWTs, passwords in
/// URLs) are matched precisely; anything else counts only when a high-entropy value is assigned to a
/// secret-like name, either inside a string (<c>DB_PASSWORD=…</c>) or as the value of a TOML key with such a
/// name (<c>api_key = "…"</c>). Matching time is linear in the length of the input.
/// </remarks>
public static class SecretGuard
{
    /// <summary>Every string value (and key) of <paramref name="model"/> that holds a secret, in document order.</summary>
    public static IReadOnlyList<SecretFinding> Scan(TomlTable model) => Scan(TomlPath.Root, model);

    /// <summary>
    /// Every string (and key) in <paramref name="value"/> that holds a secret, with paths under
    /// <paramref name="path"/>: for checking a patch that sets a value, array or table at that path.
    /// </summary>
    public static IReadOnlyList<SecretFinding> Scan(TomlPath path, object value)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(value);
        var findings = new List<SecretFinding>();
        Visit(value, path, ContextKey(path), findings, redact: false);
        return findings;
    }

    /// <summary>The kind of secret <paramref name="value"/> holds, or null when it holds none.</summary>
    public static SecretKind? Classify(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!SecretAnchors.MayHoldAny(value))
        {
            return null;
        }

        foreach (var kind in SecretPatterns.KindsInOrder)
        {
            if (SecretPatterns.Holds(kind, value))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>
    /// Like <see cref="Classify(string)"/> for a value stored under the key <paramref name="keyName"/>: when the
    /// name is secret-like (<c>password</c>, <c>api_key</c>, <c>deploy_token</c>) a bare high-entropy value
    /// counts too, since the name already says what it is.
    /// </summary>
    public static SecretKind? Classify(string value, string keyName)
    {
        ArgumentNullException.ThrowIfNull(keyName);
        var kind = Classify(value);
        if (kind is null && SecretPatterns.IsSecretName(keyName) && SecretPatterns.LooksLikeSecretValue(value.AsSpan().Trim()))
        {
            kind = SecretKind.HighEntropyAssignment;
        }

        return kind;
    }

    /// <summary>
    /// A deep copy of <paramref name="model"/> in which every string holding a secret is replaced by
    /// <see cref="RedactionMarker"/> of its kind, and every key that is a secret is renamed to one (numbered if
    /// a table would otherwise hold two equal keys). Everything else, and <paramref name="model"/>, stays as is.
    /// </summary>
    public static TomlTable Redact(TomlTable model, out IReadOnlyList<SecretFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(model);
        var copy = (TomlTable)TomlModel.Clone(model);
        var list = new List<SecretFinding>();
        Visit(copy, TomlPath.Root, null, list, redact: true);
        findings = list;
        return copy;
    }

    /// <summary>What a redacted value reads as: <c>[redacted: GitHub token]</c>.</summary>
    public static string RedactionMarker(SecretKind kind) => "[redacted: " + kind.Describe() + "]";

    private static object Visit(object value, TomlPath path, string? key, List<SecretFinding> findings, bool redact)
    {
        switch (value)
        {
            case string text:
                var kind = key is null ? Classify(text) : Classify(text, key);
                if (kind is null)
                {
                    return text;
                }

                findings.Add(new SecretFinding(path.ToString(), kind.Value));
                return redact ? RedactionMarker(kind.Value) : text;

            case TomlArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    var replaced = Visit(item, path.Append(i), key, findings, redact);
                    if (!ReferenceEquals(replaced, item))
                    {
                        array[i] = replaced;
                    }
                }

                return array;

            case TomlTable table:
                VisitTable(table, path, findings, redact);
                return table;

            default:
                return value;
        }
    }

    private static void VisitTable(TomlTable table, TomlPath path, List<SecretFinding> findings, bool redact)
    {
        // Walk a snapshot: redaction replaces values and may rename keys.
        var entries = table.ToList();
        var names = new List<string>(entries.Count);
        var values = new List<object>(entries.Count);
        var renamed = false;
        foreach (var (key, value) in entries)
        {
            var name = key;
            var keyKind = Classify(key);
            if (keyKind is not null)
            {
                // Scan and Redact name the key alike, so a scan's paths are valid in the redacted copy.
                name = UniqueName(RedactionMarker(keyKind.Value), table, names);
                findings.Add(new SecretFinding(path.Append(name).ToString(), keyKind.Value, InKey: true));
                renamed = true;
            }

            names.Add(name);

            // A key that is itself a secret says nothing about its value, so it gives no secret-name context.
            values.Add(Visit(value, path.Append(name), keyKind is null ? key : null, findings, redact));
        }

        if (!redact)
        {
            return;
        }

        if (renamed)
        {
            // Clear and refill rather than Remove + Add: that keeps the key order and the table's own kind
            // (header, inline, dotted), which the writer needs.
            table.Clear();
            for (var i = 0; i < names.Count; i++)
            {
                table.Add(names[i], values[i]);
            }

            return;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (!ReferenceEquals(values[i], entries[i].Value))
            {
                table[entries[i].Key] = values[i];
            }
        }
    }

    private static string UniqueName(string marker, TomlTable table, List<string> taken)
    {
        var name = marker;
        for (var n = 2; table.ContainsKey(name) || taken.Contains(name); n++)
        {
            name = marker + " " + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>The key a value at <paramref name="path"/> is stored under (the nearest key step), for secret-name context.</summary>
    private static string? ContextKey(TomlPath path)
    {
        for (var i = path.Count - 1; i >= 0; i--)
        {
            if (!path.Segments[i].IsIndex)
            {
                return path.Segments[i].Key;
            }
        }

        return null;
    }
}
