using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpContext.Core.Drift.Scanners;

/// <summary>A YAML node with the 1-based line it starts on.</summary>
internal abstract class YamlItem(int line)
{
    public int Line { get; } = line;
}

/// <summary>A scalar, as written.</summary>
internal sealed class YamlText(string value, int line) : YamlItem(line)
{
    public string Value { get; } = value;
}

/// <summary>A sequence.</summary>
internal sealed class YamlList(int line) : YamlItem(line)
{
    public List<YamlItem> Items { get; } = [];
}

/// <summary>A mapping; only scalar keys are kept (complex keys never carry what the scanners look for).</summary>
internal sealed class YamlMap(int line) : YamlItem(line)
{
    public List<KeyValuePair<YamlText, YamlItem>> Entries { get; } = [];

    /// <summary>The value of <paramref name="key"/>, following <c>&lt;&lt;: *anchor</c> merge keys as compose files use them.</summary>
    public YamlItem? Get(string key) => Get(key, 0);

    /// <summary>The line of <paramref name="key"/> itself, or of the mapping.</summary>
    public int LineOf(string key) => Entries.FirstOrDefault(e => e.Key.Value == key).Key?.Line ?? Line;

    private YamlItem? Get(string key, int depth)
    {
        foreach (var (k, v) in Entries)
        {
            if (k.Value == key)
            {
                return v;
            }
        }

        // Merges nest only as deep as people chain anchors; the bound stops a cycle of aliases.
        if (depth < 8)
        {
            foreach (var (k, v) in Entries)
            {
                if (k.Value == "<<")
                {
                    var merged = v switch
                    {
                        YamlMap m => m.Get(key, depth + 1),
                        YamlList l => l.Items.OfType<YamlMap>().Select(m => m.Get(key, depth + 1)).FirstOrDefault(x => x is not null),
                        _ => null,
                    };
                    if (merged is not null)
                    {
                        return merged;
                    }
                }
            }
        }

        return null;
    }
}

/// <summary>
/// Reads YAML documents into a small tree through YamlDotNet's event parser. Built with an explicit stack
/// and a depth bound, because a file of ten thousand nested brackets would overflow a recursive loader's
/// stack, and the server must never crash on a file in the repository it scans.
/// </summary>
internal static class YamlTree
{
    private const int MaxDepth = 64;

    /// <summary>The documents of <paramref name="text"/>, or an error with its line.</summary>
    public static IReadOnlyList<YamlItem>? Load(string text, out int errorLine, out string? error)
    {
        errorLine = 0;
        error = null;
        var documents = new List<YamlItem>();
        var anchors = new Dictionary<string, YamlItem>(StringComparer.Ordinal);
        var stack = new Stack<(YamlItem Node, YamlText? PendingKey)>();
        YamlItem? root = null;
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var line = (int)current.Start.Line;
                YamlItem? node = null;
                switch (current)
                {
                    case DocumentStart:
                        anchors.Clear();
                        root = null;
                        continue;
                    case DocumentEnd:
                        if (root is not null)
                        {
                            documents.Add(root);
                        }

                        continue;
                    case Scalar scalar:
                        node = new YamlText(scalar.Value, line);
                        Remember(anchors, scalar.Anchor, node);
                        break;
                    case AnchorAlias alias:
                        // An unknown alias is YamlDotNet's error to raise; here it simply reads as nothing.
                        node = anchors.TryGetValue(alias.Value.Value, out var target) ? target : new YamlText("", line);
                        break;
                    case MappingStart start:
                        node = new YamlMap(line);
                        Remember(anchors, start.Anchor, node);
                        break;
                    case SequenceStart start:
                        node = new YamlList(line);
                        Remember(anchors, start.Anchor, node);
                        break;
                    case MappingEnd or SequenceEnd:
                        var (done, _) = stack.Pop();
                        Attach(stack, done, ref root);
                        continue;
                    default:
                        continue;
                }

                if (node is YamlMap or YamlList && current is not AnchorAlias)
                {
                    if (stack.Count >= MaxDepth)
                    {
                        errorLine = line;
                        error = $"nested more than {MaxDepth} levels deep; not read";
                        return null;
                    }

                    // Attached when it ends, so a key waiting in the parent stays paired with this value.
                    stack.Push((node, null));
                    continue;
                }

                Attach(stack, node, ref root);
            }
        }
        catch (YamlException e)
        {
            errorLine = (int)e.Start.Line;
            error = "not valid YAML: " + (e.InnerException ?? e).Message;
            return null;
        }

        return documents;
    }

    private static void Attach(Stack<(YamlItem Node, YamlText? PendingKey)> stack, YamlItem node, ref YamlItem? root)
    {
        if (stack.Count == 0)
        {
            root = node;
            return;
        }

        var (parent, key) = stack.Pop();
        switch (parent)
        {
            case YamlList list:
                list.Items.Add(node);
                stack.Push((parent, null));
                break;
            case YamlMap map when key is null:
                // A key that is not a scalar gets a placeholder so its value is skipped, not taken for a key.
                stack.Push((parent, node as YamlText ?? new YamlText("\0", node.Line)));
                break;
            case YamlMap map:
                if (key.Value != "\0")
                {
                    map.Entries.Add(new(key, node));
                }

                stack.Push((parent, null));
                break;
        }
    }

    private static void Remember(Dictionary<string, YamlItem> anchors, AnchorName anchor, YamlItem node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    /// <summary>A scalar's text, or null for anything else.</summary>
    public static string? Text(this YamlItem? item) => (item as YamlText)?.Value;

    /// <summary>The scalars of a sequence, or the one scalar given instead of a sequence.</summary>
    public static IEnumerable<YamlText> Texts(this YamlItem? item) => item switch
    {
        YamlText t => [t],
        YamlList l => l.Items.OfType<YamlText>(),
        _ => [],
    };
}
