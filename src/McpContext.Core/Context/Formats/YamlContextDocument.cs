using McpContext.Toml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace McpContext.Core.Context.Formats;

/// <summary>
/// A YAML context file: one document holding one mapping. Plain scalars follow the YAML 1.2 core schema;
/// nulls are refused (TOML has none); aliases are expanded, up to a bound so a small file cannot expand
/// into a huge value. A rewrite keeps the leading comment block, where the yaml-language-server line lives.
/// </summary>
internal sealed class YamlContextDocument : RewrittenContextDocument
{
    // Far above any real context, far below what an alias bomb expands to.
    private const int MaxValues = 100_000;

    private readonly string _header;

    private YamlContextDocument(string text, string header, TomlTable model, IReadOnlyList<ContextDiagnostic> errors, Dictionary<TomlPath, (int, int)> positions)
        : base(text, model, errors, positions) => _header = header;

    /// <summary>
    /// Where the text first nests deeper than the model allows, found from the parser's events before the
    /// representation model is built: YamlDotNet builds it recursively, and a file of a few hundred
    /// thousand '[' would overflow the stack, which no catch can stop.
    /// </summary>
    private static Mark? TooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart:
                    if (++depth > ContextJson.MaxDepth + 1)
                    {
                        return parser.Current.Start;
                    }

                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }

        return null;
    }

    public static YamlContextDocument Parse(byte[] bytes)
    {
        var text = Decode(bytes, out var decodeError);
        if (text is null)
        {
            return new(string.Empty, string.Empty, [], [decodeError!], []);
        }

        var header = Header(text);
        var stream = new YamlStream();
        try
        {
            if (TooDeep(text) is { } deep)
            {
                return Broken(text, header, (int)deep.Line, (int)deep.Column, $"the value nests more than {ContextJson.MaxDepth} levels deep");
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return Broken(text, header, (int)e.Start.Line, (int)e.Start.Column, (e.InnerException ?? e).Message);
        }

        switch (stream.Documents.Count)
        {
            case 0:
                return new(text, header, [], [], []);
            case > 1:
                var second = stream.Documents[1].RootNode.Start;
                return Broken(text, header, (int)second.Line, (int)second.Column, "a YAML context file holds one document; this is a second one");
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Style: ScalarStyle.Plain } empty && YamlScalars.Resolve(empty.Value ?? "") is null)
        {
            return new(text, header, [], [], []);
        }

        if (root is not YamlMappingNode)
        {
            return Broken(text, header, (int)root.Start.Line, (int)root.Start.Column, "a YAML context file holds one mapping (key: value lines) at the top");
        }

        var converter = new Converter();
        var model = (TomlTable?)converter.Convert(root, TomlPath.Root, 0);
        return new(text, header, model ?? [], converter.Errors, converter.Positions);
    }

    protected override string Render(TomlTable model)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, bestIndent: 2, bestWidth: int.MaxValue);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, model);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return _header + writer;
    }

    protected override ContextDocument Reparse(string text) => Parse(System.Text.Encoding.UTF8.GetBytes(text));

    private static YamlContextDocument Broken(string text, string header, int line, int column, string message) =>
        new(text, header, [], [new ContextDiagnostic(Math.Max(1, line), Math.Max(1, column), message)], []);

    /// <summary>The comment and blank lines before the first content line.</summary>
    private static string Header(string text)
    {
        var end = 0;
        while (end < text.Length)
        {
            var lineEnd = text.IndexOf('\n', end);
            var line = lineEnd < 0 ? text[end..] : text[end..lineEnd];
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                break;
            }

            end = lineEnd < 0 ? text.Length : lineEnd + 1;
        }

        return text[..end];
    }

    private static void Emit(IEmitter emitter, object value)
    {
        switch (value)
        {
            case TomlTable table:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, table.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, item) in table)
                {
                    EmitScalar(emitter, key);
                    Emit(emitter, item);
                }

                emitter.Emit(new MappingEnd());
                break;
            case TomlArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                EmitScalar(emitter, value);
                break;
        }
    }

    private static void EmitScalar(IEmitter emitter, object value)
    {
        var (text, quote) = YamlScalars.Format(value);
        var style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : quote ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, isPlainImplicit: !quote, isQuotedImplicit: true));
    }

    /// <summary>YAML nodes to context values, with positions and problems.</summary>
    private sealed class Converter
    {
        private int _values;

        public List<ContextDiagnostic> Errors { get; } = [];

        public Dictionary<TomlPath, (int, int)> Positions { get; } = [];

        public object? Convert(YamlNode node, TomlPath path, int depth)
        {
            if (++_values > MaxValues)
            {
                if (_values == MaxValues + 1)
                {
                    Error(node, $"{Show(path)}: the document expands to more than {MaxValues} values (through aliases?); refused");
                }

                return null;
            }

            if (depth > ContextJson.MaxDepth)
            {
                Error(node, $"{Show(path)}: the value nests more than {ContextJson.MaxDepth} levels deep");
                return null;
            }

            switch (node)
            {
                case YamlMappingNode mapping:
                    var table = new TomlTable();
                    foreach (var (keyNode, valueNode) in mapping.Children)
                    {
                        if (keyNode is not YamlScalarNode { Value: { } key })
                        {
                            Error(keyNode, $"{Show(path)}: a key must be a plain string, not a {(keyNode is YamlMappingNode ? "mapping" : "sequence")}");
                            continue;
                        }

                        var child = path.Append(key);
                        Positions[child] = At(keyNode);
                        if (Convert(valueNode, child, depth + 1) is { } value && !table.ContainsKey(key))
                        {
                            table.Add(key, value);
                        }
                    }

                    return Errors.Count == 0 ? table : null;
                case YamlSequenceNode sequence:
                    var array = new TomlArray();
                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        Positions[path.Append(i)] = At(sequence.Children[i]);
                        if (Convert(sequence.Children[i], path.Append(i), depth + 1) is { } value)
                        {
                            array.Add(value);
                        }
                    }

                    return Errors.Count == 0 ? array : null;
                case YamlScalarNode scalar:
                    return Scalar(scalar, path);
                default:
                    Error(node, $"{Show(path)}: unsupported YAML node");
                    return null;
            }
        }

        private object? Scalar(YamlScalarNode scalar, TomlPath path)
        {
            var text = scalar.Value ?? string.Empty;
            var value = scalar.Style is ScalarStyle.Plain && scalar.Tag.IsEmpty ? YamlScalars.Resolve(text) : text;
            if (value is null)
            {
                Error(scalar, $"{Show(path)}: null has no TOML equivalent; remove the key or give it a value");
            }

            return value;
        }

        private static string Show(TomlPath path) => path.IsRoot ? "(top)" : path.ToString();

        private static (int, int) At(YamlNode node) => ((int)node.Start.Line, (int)node.Start.Column);

        private void Error(YamlNode node, string message) => Errors.Add(new ContextDiagnostic((int)node.Start.Line, (int)node.Start.Column, message));
    }
}
