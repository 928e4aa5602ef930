using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpContext.Toml;

namespace McpContext.Cli;

/// <summary>
/// <c>mcpctx toml decode|encode|check</c>. decode and encode speak the toml-test protocol (tagged JSON on
/// stdout, exit 1 with the reason on stderr), so any toml-test runner can check the engine.
/// </summary>
internal static class TomlCommands
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var decode = new Command("decode", "Read TOML on stdin, print toml-test tagged JSON on stdout (exit 1 and the errors on stderr if invalid).");
        decode.SetAction(_ => Decode(stdin, stdout, stderr));

        var encode = new Command("encode", "Read toml-test tagged JSON on stdin, print TOML on stdout.");
        encode.SetAction(_ => Encode(stdin, stdout, stderr));

        var files = new Argument<FileInfo[]>("files") { Description = "TOML files to check.", Arity = ArgumentArity.OneOrMore };
        var check = new Command("check", "Check TOML files; print each error as file:line:column: message (exit 1 if any).") { files };
        check.SetAction(result => Check(result.GetValue(files)!, stdout, stderr));

        return new Command("toml", "The TOML 1.0 engine on the command line.") { decode, encode, check };
    }

    private static int Decode(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        // Raw bytes, not a TextReader's decoding: invalid UTF-8 and BOMs must reach the parser untouched.
        var bytes = ReadAllStdin(stdin);
        var document = TomlDocument.Parse(bytes);
        if (document.HasErrors)
        {
            foreach (var diagnostic in document.Diagnostics)
            {
                stderr.WriteLine($"<stdin>:{diagnostic}");
            }

            return 1;
        }

        stdout.WriteLine(TomlTaggedJson.FromModel(document.Model).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static int Encode(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var json = JsonNode.Parse(stdin.ReadToEnd()) as JsonObject
                ?? throw new FormatException("$: expected a JSON object at the top level");
            stdout.Write(TomlEncoder.Encode(TomlTaggedJson.ToModel(json)));
            return 0;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            stderr.WriteLine($"<stdin>: {e.Message}");
            return 1;
        }
    }

    private static int Check(FileInfo[] files, TextWriter stdout, TextWriter stderr)
    {
        var failed = 0;
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                stderr.WriteLine($"{file}: no such file");
                return 2;
            }

            var document = TomlDocument.Parse(File.ReadAllBytes(file.FullName));
            foreach (var diagnostic in document.Diagnostics)
            {
                stderr.WriteLine($"{file}:{diagnostic}");
            }

            failed += document.HasErrors ? 1 : 0;
            stdout.WriteLine(document.HasErrors ? $"{file}: {document.Diagnostics.Count} error(s)" : $"{file}: ok");
        }

        return failed == 0 ? 0 : 1;
    }

    private static byte[] ReadAllStdin(TextReader stdin)
    {
        if (!ReferenceEquals(stdin, Console.In))
        {
            return Encoding.UTF8.GetBytes(stdin.ReadToEnd());
        }

        using var input = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        return buffer.ToArray();
    }
}
