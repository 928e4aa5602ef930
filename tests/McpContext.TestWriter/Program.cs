using McpContext.Core.Context;
using McpContext.Toml;

// usage: claim ROOT ID OWNER, claim-next ROOT OWNER - see LedgerModes
//        edits FILE PREFIX COUNT  - COUNT revision-checked edits of PREFIX.k0..k{COUNT-1}, retrying on conflict
//        churn FILE               - rewrite FILE forever, alternating two large versions; prints "wrote N" after each
if (McpContext.TestWriter.LedgerModes.Run(args) is { } ledgerExit)
{
    return ledgerExit;
}

var (mode, file) = (args[0], args[1]);
using var store = new ContextStore(file, new ContextStoreOptions { WatchForChanges = false });
switch (mode)
{
    case "edits":
    {
        var prefix = args[2];
        var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        var conflicts = 0;
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                var result = store.Update(store.Read().Revision, [ContextOperation.Set($"{prefix}.k{i}", (long)i)], prefix, "concurrency test");
                if (result.Status == ContextWriteStatus.Written)
                {
                    break;
                }

                if (result.Status == ContextWriteStatus.Rejected)
                {
                    Console.Error.WriteLine(string.Join("; ", result.Problems));
                    return 3;
                }

                conflicts++;
            }
        }

        Console.WriteLine($"conflicts {conflicts}");
        return 0;
    }

    case "churn":
        for (var n = 1; ; n++)
        {
            var version = n % 2 == 0 ? "a" : "b";
            var body = new TomlArray(Enumerable.Range(0, 2000).Select(i => (object)$"{version}-{i:D5}-padding-to-make-the-write-take-a-while"));
            var result = store.Update(store.Read().Revision, [ContextOperation.Set("version", version), ContextOperation.Set("body", body)], "churn", "kill test");
            if (result.Status != ContextWriteStatus.Written)
            {
                Console.Error.WriteLine(string.Join("; ", result.Problems));
                return 3;
            }

            Console.WriteLine($"wrote {n}");
        }

    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}
