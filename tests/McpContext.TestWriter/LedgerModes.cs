using McpContext.Core.Ledger;

namespace McpContext.TestWriter;

/// <summary>
/// Ledger modes, for claims raced by real processes:
///   claim ROOT ID OWNER   - read "go" from stdin, then claim ID once; prints "claimed" or "refused: reason"
///   claim-next ROOT OWNER - claim whatever task_next offers until nothing is left; prints "claimed ID" per claim
/// </summary>
internal static class LedgerModes
{
    public static int? Run(string[] args)
    {
        switch (args[0])
        {
            case "claim":
            {
                using var ledger = new TaskLedger(args[1], new LedgerOptions { WatchForChanges = false, LockTimeout = TimeSpan.FromMinutes(1) });
                ledger.Read();
                if (Console.ReadLine() != "go")
                {
                    return 2;
                }

                var result = ledger.Claim(args[2], args[3], null, args[3]);
                Console.WriteLine(result.Succeeded ? "claimed" : $"refused: {result.Error}");
                return 0;
            }

            case "claim-next":
            {
                using var ledger = new TaskLedger(args[1], new LedgerOptions { WatchForChanges = false, LockTimeout = TimeSpan.FromMinutes(1) });
                while (ledger.Read().Next(DateTimeOffset.UtcNow).Task is { } next)
                {
                    var result = ledger.Claim(next.Id, args[2], null, args[2]);
                    if (result.Succeeded)
                    {
                        Console.WriteLine($"claimed {next.Id}");
                    }
                    else if (!result.Error.Contains("already claimed", StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine(result.Error);
                        return 3;
                    }
                }

                return 0;
            }

            default:
                return null;
        }
    }
}
