using System.CommandLine;
using McpContext.Server.Context;
using McpContext.Server.Hosting;
using McpContext.Server.Http;
using Microsoft.Extensions.Logging;

namespace McpContext.Cli;

/// <summary>
/// <c>mcpctx serve</c>: the MCP server over stdio (Codex, IDE agents), or over Streamable HTTP with
/// <c>--http</c> (ChatGPT, remote agents). stdout carries only protocol messages; every log line and error
/// goes to stderr.
/// </summary>
internal static class ServeCommand
{
    private static readonly string[] Levels = ["trace", "debug", "information", "warning", "error", "critical", "none"];

    /// <summary>Whether <paramref name="args"/> ask for the stdio server, judged before they are parsed; a wrong guess only costs a warm-up.</summary>
    public static bool ServesStdio(string[] args) => args is ["serve", ..] && !args.Contains("--http", StringComparer.Ordinal);

    public static Command Create(TextWriter stderr)
    {
        var root = new Option<string>("--root")
        {
            Description = "The project directory (or its context file). Default: the client's first file:// root (stdio only), else the nearest directory at or above the working directory holding a project-context file, else the git root, else the working directory.",
        };
        var logLevel = new Option<string>("--log-level")
        {
            Description = "The least severe log level written to stderr.",
            DefaultValueFactory = _ => "warning",
        };
        logLevel.AcceptOnlyFromAmong(Levels);
        var toolsets = new Option<string>("--toolsets")
        {
            Description = $"Comma-separated toolsets to offer: {string.Join("; ", Toolsets.All.Select(t => $"{t.Name} = {t.Description}"))}. Default: {string.Join(",", Toolsets.Defaults)}.",
        };
        var readOnly = new Option<bool>("--read-only") { Description = "Offer no tool that writes (context_update and the like are absent)." };
        var http = new HttpOptions();

        var command = new Command("serve", "Run the MCP server over stdio (Codex, VS Code, Claude Code, Cursor), or over Streamable HTTP with --http (ChatGPT, remote agents).")
        {
            root, logLevel, toolsets, readOnly,
        };
        http.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var names = result.GetValue(toolsets)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var settings = new ServerSettings
            {
                Root = result.GetValue(root) is { } r ? Path.GetFullPath(r) : null,
                Toolsets = names,
                ReadOnly = result.GetValue(readOnly),
                LogLevel = Enum.Parse<LogLevel>(result.GetValue(logLevel)!, ignoreCase: true),
            };
            var problems = new List<string>();
            if (!Toolsets.TryResolve(names, out _, out var error))
            {
                problems.Add($"--toolsets: {error}");
            }

            if (!http.IsRequested(result))
            {
                problems.AddRange(http.MisusedWithoutHttp(result));
                if (settings.Root is { } given && !Directory.Exists(given) && !File.Exists(given))
                {
                    problems.Add($"--root '{result.GetValue(root)}' does not exist");
                }

                return problems.Count > 0 ? await RefuseAsync(stderr, problems).ConfigureAwait(false) : await ServeStdioAsync(settings, cancellationToken).ConfigureAwait(false);
            }

            var httpSettings = http.Read(result, settings, result.GetValue(root), problems);
            problems.AddRange(httpSettings?.Problems() ?? []);
            return problems.Count > 0 || httpSettings is null
                ? await RefuseAsync(stderr, problems).ConfigureAwait(false)
                : await ServeHttpAsync(httpSettings, stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ServeStdioAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        await ContextServer.RunStdioAsync(settings, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ServeHttpAsync(HttpServerSettings settings, TextWriter stderr, CancellationToken cancellationToken)
    {
        await using var server = ContextHttpServer.Build(settings);
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return await RefuseAsync(stderr, [$"--urls: cannot listen on {string.Join(", ", settings.Urls)}: {e.Message}"]).ConfigureAwait(false);
        }

        foreach (var (path, endpoint) in server.Paths.Zip(server.Endpoints))
        {
            var local = new Uri(server.Addresses[0], path);
            await stderr.WriteLineAsync($"mcpctx serve: listening on {local}{(local == endpoint ? "" : $" (clients use {endpoint})")}").ConfigureAwait(false);
        }

        await stderr.FlushAsync(cancellationToken).ConfigureAwait(false);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RefuseAsync(TextWriter stderr, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            await stderr.WriteLineAsync($"mcpctx serve: {problem}").ConfigureAwait(false);
        }

        return 2;
    }

    /// <summary>The options of <c>serve --http</c>; each is refused without <c>--http</c>.</summary>
    private sealed class HttpOptions
    {
        private readonly Option<bool> _http = new("--http") { Description = "Serve over Streamable HTTP (ChatGPT, remote agents) instead of stdio." };
        private readonly Option<string> _urls = new("--urls") { Description = $"Where to listen, http:// addresses separated by ';' or ','. Default: {HttpServerSettings.DefaultUrl}. A non-loopback address requires --token-env or --oauth-issuer." };
        private readonly Option<string[]> _projects = new("--project") { Description = "Serve a project at /p/{name}/mcp: name=DIR, repeatable. Each project is isolated from the others. Replaces --root." };
        private readonly Option<bool> _stateless = new("--stateless") { Description = "Answer each POST on its own: no sessions, no GET stream, no notifications." };
        private readonly Option<string> _tokenEnv = new("--token-env") { Description = $"Require 'Authorization: Bearer <token>', the token being the value of this environment variable (at least {HttpServerSettings.MinTokenLength} characters)." };
        private readonly Option<string> _oauthIssuer = new("--oauth-issuer") { Description = "Accept JWT access tokens from this OAuth 2.1 authorization server (issuer URL); serves /.well-known/oauth-protected-resource." };
        private readonly Option<string> _oauthJwks = new("--oauth-jwks") { Description = "The authorization server's keys: a JWKS URL or file. Default: the jwks_uri of the issuer's metadata." };
        private readonly Option<string> _oauthAudience = new("--oauth-audience") { Description = "The aud value access tokens must carry, for authorization servers that ignore RFC 8707 resource indicators. Default: the endpoint's URL." };
        private readonly Option<string> _publicUrl = new("--public-url") { Description = "The base URL clients reach this server at (a tunnel or proxy), e.g. https://ctx.example.com. Its host is accepted, and OAuth audiences are checked against it." };
        private readonly Option<string> _allowedHosts = new("--allowed-hosts") { Description = "More Host names to answer to, comma-separated (the loopback names, the listening host and --public-url's host always are)." };
        private readonly Option<string> _allowedOrigins = new("--allowed-origins") { Description = "More browser Origins to accept, comma-separated, e.g. https://chatgpt.com." };
        private readonly Option<long> _maxRequestBytes = new("--max-request-bytes") { Description = "The largest request body accepted (413 beyond it).", DefaultValueFactory = _ => 1024 * 1024 };
        private readonly Option<int> _idleMinutes = new("--session-idle-minutes") { Description = "End a session after this many minutes without a request.", DefaultValueFactory = _ => 30 };
        private readonly Option<int> _maxSessions = new("--max-sessions") { Description = "The most sessions kept per endpoint.", DefaultValueFactory = _ => 1000 };

        private IEnumerable<Option> Dependent => [_urls, _projects, _stateless, _tokenEnv, _oauthIssuer, _oauthJwks, _oauthAudience, _publicUrl, _allowedHosts, _allowedOrigins, _maxRequestBytes, _idleMinutes, _maxSessions];

        public void AddTo(Command command)
        {
            command.Options.Add(_http);
            foreach (var option in Dependent)
            {
                command.Options.Add(option);
            }
        }

        public bool IsRequested(ParseResult result) => result.GetValue(_http);

        public IEnumerable<string> MisusedWithoutHttp(ParseResult result) =>
            Dependent.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => $"{o.Name} needs --http");

        /// <summary>The HTTP settings the options give, adding what is wrong with them to <paramref name="problems"/>.</summary>
        public HttpServerSettings? Read(ParseResult result, ServerSettings server, string? root, List<string> problems)
        {
            var projects = new List<HttpProject>();
            foreach (var value in result.GetValue(_projects) ?? [])
            {
                var parts = value.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    problems.Add($"--project '{value}': expected name=DIR");
                }
                else
                {
                    projects.Add(new HttpProject(parts[0], Path.GetFullPath(parts[1])));
                }
            }

            if (projects.Count > 0 && root is not null)
            {
                problems.Add("--root and --project cannot be combined; give every project with --project name=DIR");
            }

            if (projects.Count == 0)
            {
                // A remote client's roots name directories on its own machine, so the project is settled here.
                var directory = server.Root ?? Path.GetDirectoryName(ProjectRoot.FindContextFile(Environment.CurrentDirectory))!;
                projects.Add(new HttpProject(null, directory));
            }

            string? token = null;
            if (result.GetValue(_tokenEnv) is { } name)
            {
                token = Environment.GetEnvironmentVariable(name);
                if (string.IsNullOrEmpty(token))
                {
                    problems.Add($"--token-env {name}: the environment variable {name} is not set or empty");
                    return null;
                }
            }

            if (result.GetValue(_oauthJwks) is not null && result.GetValue(_oauthIssuer) is null)
            {
                problems.Add("--oauth-jwks needs --oauth-issuer (the issuer whose keys they are)");
            }

            if (result.GetValue(_oauthAudience) is not null && result.GetValue(_oauthIssuer) is null)
            {
                problems.Add("--oauth-audience needs --oauth-issuer");
            }

            Uri? publicUrl = null;
            if (result.GetValue(_publicUrl) is { } text && !Uri.TryCreate(text, UriKind.Absolute, out publicUrl))
            {
                problems.Add($"--public-url: '{text}' is not an absolute URL");
            }

            return new HttpServerSettings
            {
                Projects = projects,
                Server = server,
                Urls = List(result.GetValue(_urls), ';', ',') is { Count: > 0 } urls ? urls : [HttpServerSettings.DefaultUrl],
                Stateless = result.GetValue(_stateless),
                BearerToken = token,
                OAuth = result.GetValue(_oauthIssuer) is { } issuer ? new OAuthSettings { Issuer = issuer, Jwks = result.GetValue(_oauthJwks), Audience = result.GetValue(_oauthAudience) } : null,
                PublicUrl = publicUrl,
                AllowedHosts = List(result.GetValue(_allowedHosts), ','),
                AllowedOrigins = List(result.GetValue(_allowedOrigins), ','),
                MaxRequestBytes = result.GetValue(_maxRequestBytes),
                SessionIdleTimeout = TimeSpan.FromMinutes(result.GetValue(_idleMinutes)),
                MaxSessions = result.GetValue(_maxSessions),
            };
        }

        private static List<string> List(string? text, params char[] separators) =>
            text is null ? [] : [.. text.Split(separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
    }
}
