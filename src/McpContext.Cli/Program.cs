using McpContext.Cli;
using McpContext.Server.Hosting;

// A client starts a stdio server for every session, so its JSON metadata is prepared on the second core
// while the command line is parsed and the server is built.
if (ServeCommand.ServesStdio(args))
{
    StdioWarmUp.Start();
}

return await CliApp.RunAsync(args, Console.In, Console.Out, Console.Error);
