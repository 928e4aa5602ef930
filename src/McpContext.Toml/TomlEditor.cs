namespace McpContext.Toml;

/// <summary>
/// Edits a TOML document in place: set, insert and remove values by path, append to arrays. Only the
/// text of what changes is rewritten, so comments, blank lines, ordering, quoting and number formats
/// elsewhere stay byte-identical; new keys go into the table they belong to, in the file's own style.
/// Every edit is re-parsed and checked against the same change applied to the value model, and is
/// refused (the document left unchanged) if the two disagree, so an edit can never corrupt a file.
/// </summary>
public sealed class TomlEditor
{
    /// <summary>Starts editing <paramref name="document"/>, which must be free of errors.</summary>
    public TomlEditor(TomlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document = document;
    }

    /// <summary>The current document, after every successful edit so far.</summary>
    public TomlDocument Document { get; private set; }

    /// <summary>Sets the value at <paramref name="path"/>, creating missing tables on the way.</summary>
    public TomlEditResult Set(string path, object value) => Set(TomlPath.Parse(path), value);

    /// <inheritdoc cref="Set(string, object)" />
    public TomlEditResult Set(TomlPath path, object value)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RefuseValue(value) ?? Run(path, expected => TomlModelEdits.Set(expected, path, TomlModel.Clone(value)), doc => PlanSet(doc, path, value));
    }

    /// <summary>Removes the value at <paramref name="path"/> (a key, a table with everything in it, or an array element).</summary>
    public TomlEditResult Remove(string path) => Remove(TomlPath.Parse(path));

    /// <inheritdoc cref="Remove(string)" />
    public TomlEditResult Remove(TomlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Run(path, expected => TomlModelEdits.Remove(expected, path), doc => PlanRemove(doc, path));
    }

    /// <summary>Appends <paramref name="value"/> to the array at <paramref name="path"/> (created if missing); a table appended to an array of tables becomes a new <c>[[section]]</c>.</summary>
    public TomlEditResult Append(string path, object value) => Append(TomlPath.Parse(path), value);

    /// <inheritdoc cref="Append(string, object)" />
    public TomlEditResult Append(TomlPath path, object value)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RefuseValue(value) ?? Run(path, expected => TomlModelEdits.Append(expected, path, TomlModel.Clone(value)), doc => PlanAppend(doc, path, value));
    }

    /// <summary>Checks a value to write: a TOML value at all (throws if not), and no deeper than a parsed document may nest.</summary>
    private TomlEditResult? RefuseValue(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        TomlTable.ValidateValue(value);
        return TomlModel.Depth(value, Syntax.TomlParser.MaxDepth) > Syntax.TomlParser.MaxDepth
            ? TomlEditResult.Fail(Document, $"the value nests more than {Syntax.TomlParser.MaxDepth} levels deep")
            : null;
    }

    private TomlEditResult Run(TomlPath path, Func<TomlTable, string?> applyToModel, Func<TomlDocument, Plan> plan)
    {
        var original = Document;
        if (original.HasErrors)
        {
            return TomlEditResult.Fail(original, $"the document has errors; fix them before editing: {original.Diagnostics[0]}");
        }

        if (path.IsRoot)
        {
            return TomlEditResult.Fail(original, "the path is empty: name the key to change");
        }

        if (path.Count > Syntax.TomlParser.MaxDepth)
        {
            return TomlEditResult.Fail(original, $"the path has {path.Count} parts; at most {Syntax.TomlParser.MaxDepth} are allowed");
        }

        var expected = (TomlTable)TomlModel.Clone(original.Model);
        var refusal = applyToModel(expected);
        if (refusal is not null)
        {
            return TomlEditResult.Fail(original, refusal);
        }

        var doc = original;
        var step = plan(doc);
        while (step.Edits is not null)
        {
            doc = TomlDocument.Parse(TextEdit.Apply(doc.Text, step.Edits));
            if (doc.HasErrors)
            {
                return TomlEditResult.Fail(original, $"internal error: editing '{path}' produced invalid TOML ({doc.Diagnostics[0]}); nothing was changed");
            }

            step = step.Then?.Invoke(doc) ?? Plan.Done;
        }

        if (step.Error is not null)
        {
            return TomlEditResult.Fail(original, step.Error);
        }

        doc = RestoreVanishedTables(doc, expected, path);
        if (!TomlModel.DeepEquals(doc.Model, expected))
        {
            return TomlEditResult.Fail(original, $"internal error: editing '{path}' did not produce the expected value; nothing was changed");
        }

        Document = doc;
        return TomlEditResult.Ok(doc);
    }

    /// <summary>
    /// Removing the last key of a table that only existed through that key (a dotted key, or the last
    /// [[element]] of an array) makes the table vanish from the text; write it back empty.
    /// </summary>
    private static TomlDocument RestoreVanishedTables(TomlDocument doc, TomlTable expected, TomlPath path)
    {
        for (var depth = 1; depth < path.Count; depth++)
        {
            var ancestor = path.Take(depth);
            if (!TomlModel.TryGetValue(doc.Model, ancestor, out _) && TomlModel.TryGetValue(expected, ancestor, out var value))
            {
                // Only the outermost vanished table needs writing back: its value holds the ones inside it.
                var step = PlanSet(doc, ancestor, value);
                var restored = step.Edits is null ? doc : TomlDocument.Parse(TextEdit.Apply(doc.Text, step.Edits));
                return restored.HasErrors ? doc : restored;
            }
        }

        return doc;
    }

    // ---- The text side: which characters to change. ----

    private static Plan PlanSet(TomlDocument doc, TomlPath path, object value)
    {
        var locator = new TomlEditLocator(doc);
        if (locator.FindValue(path) is { } existing)
        {
            return Plan.Edit(new TextEdit(doc.GetStart(existing), doc.GetEnd(existing), TomlValueFormatter.Format(value)));
        }

        if (path.Last.IsIndex && TomlModel.TryGetValue(doc.Model, path.Parent, out var parent) && parent is TomlArray { IsArrayOfTables: true } sections)
        {
            if (value is TomlTable table)
            {
                return Plan.Edit(locator.ReplaceSections(path, table, arrayElement: true));
            }

            // A non-table element turns the array of tables into a mixed array, which only an inline array can hold.
            var mixed = (TomlArray)TomlModel.Clone(sections);
            mixed[path.Last.Index] = value;
            return PlanSet(doc, path.Parent, mixed);
        }

        if (value is TomlTable newTable && TomlModel.TryGetValue(doc.Model, path, out var old) && old is TomlTable { Origin: TableOrigin.Header })
        {
            return Plan.Edit(locator.ReplaceSections(path, newTable, arrayElement: false));
        }

        if (TomlModel.TryGetValue(doc.Model, path, out _))
        {
            // A table written through dotted keys or implied by sub-tables: replace it wholesale.
            return Plan.Edit(locator.RemoveEdits(path), next => PlanSet(next, path, value));
        }

        // Find the deepest table that exists and add the first missing key there, carrying the rest as nested tables.
        var depth = path.Count - 1;
        while (depth > 0 && !TomlModel.TryGetValue(doc.Model, path.Take(depth), out _))
        {
            depth--;
        }

        if (path.Segments[depth].IsIndex)
        {
            return Plan.Fail($"'{path.Take(depth + 1)}' does not exist; use append to add an element");
        }

        var tablePath = path.Take(depth);
        var key = path.Segments[depth].Key!;
        var carried = value;
        for (var i = path.Count - 1; i > depth; i--)
        {
            carried = new TomlTable { [path.Segments[i].Key!] = carried };
        }

        return locator.AddKey(tablePath, key, carried) is { } edits ? Plan.Edit(edits) : Plan.Fail($"cannot add '{path}' here");
    }

    private static Plan PlanRemove(TomlDocument doc, TomlPath path)
    {
        var locator = new TomlEditLocator(doc);
        var edits = locator.RemoveEdits(path);

        // Inline tables give up one entry per round (a dotted table inside one may span several).
        return edits.Count > 0
            ? Plan.Edit(edits, next => !path.Last.IsIndex && TomlModel.TryGetValue(next.Model, path, out _) ? PlanRemove(next, path) : Plan.Done)
            : Plan.Fail($"nothing to remove: '{path}' does not exist");
    }

    private static Plan PlanAppend(TomlDocument doc, TomlPath path, object value)
    {
        if (!TomlModel.TryGetValue(doc.Model, path, out var target))
        {
            return PlanSet(doc, path, new TomlArray { value });
        }

        var locator = new TomlEditLocator(doc);
        return locator.AppendEdits(path, (TomlArray)target, value) is { } edits ? Plan.Edit(edits) : Plan.Fail($"cannot append to '{path}'");
    }

    /// <summary>One round of text edits, optionally followed by another planned on the re-parsed result.</summary>
    private sealed record Plan(IReadOnlyList<TextEdit>? Edits, Func<TomlDocument, Plan>? Then, string? Error)
    {
        public static Plan Done { get; } = new(null, null, null);

        public static Plan Edit(TextEdit edit) => new([edit], null, null);

        public static Plan Edit(IReadOnlyList<TextEdit> edits, Func<TomlDocument, Plan>? then = null) => new(edits, then, null);

        public static Plan Fail(string error) => new(null, null, error);
    }
}

/// <summary>Replace <c>[Start, End)</c> of the text with <see cref="NewText"/>.</summary>
internal readonly record struct TextEdit(int Start, int End, string NewText)
{
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var sb = new System.Text.StringBuilder(text);

        // Back to front so earlier offsets stay valid; two inserts at one offset keep their listed order.
        var ordered = edits.Select((edit, order) => (edit, order)).OrderByDescending(e => e.edit.Start).ThenByDescending(e => e.order);
        foreach (var (edit, _) in ordered)
        {
            sb.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.NewText);
        }

        return sb.ToString();
    }
}
