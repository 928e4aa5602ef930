using McpContext.Core.Constraints;
using McpContext.Toml;

namespace McpContext.Core.Tests.Constraints;

public sealed class PortDefinitionsTests
{
    [Theory]
    [InlineData("    listen 3001;")]
    [InlineData("listen 127.0.0.1:3001 default_server;")]
    [InlineData("listen [::]:3001;")]
    [InlineData("  server 127.0.0.1:3001;")]
    [InlineData("proxy_pass http://localhost:3001/;")]
    [InlineData("      - \"3001:80\"")]
    [InlineData("      - \"127.0.0.1:3001:8080\"")]
    [InlineData("      - 3001")]
    [InlineData("ports: [\"3001:3001\"]")]
    [InlineData("EXPOSE 3001")]
    [InlineData("EXPOSE 80 3001")]
    [InlineData("PORT=3001")]
    [InlineData("export APP_PORT=3001")]
    [InlineData("port: 3001")]
    [InlineData("  \"port\": 3001,")]
    [InlineData("        containerPort: 3001")]
    [InlineData("  targetPort: 3001")]
    [InlineData("ExecStart=/usr/bin/app --port 3001")]
    [InlineData("app --port=3001")]
    [InlineData("docker run -p 3001:3001 app")]
    public void A_line_that_defines_the_port_is_recognised(string line) => Assert.True(PortDefinitions.Defines(line, 3001));

    [Theory]
    [InlineData("timeout 3001;")]
    [InlineData("version: 3001")]
    [InlineData("listen 30011;")]
    [InlineData("listen 13001;")]
    [InlineData("retries = 3001")]
    [InlineData("# 3001 requests per minute")]
    [InlineData("client_max_body_size 3001k;")]
    public void A_number_that_only_looks_like_the_port_is_not_a_definition(string line) => Assert.False(PortDefinitions.Defines(line, 3001));
}

public sealed class KeyPatternTests
{
    [Theory]
    [InlineData("services.*.port", "services.blue.port", true)]
    [InlineData("services.*.port", "services.blue", true)]
    [InlineData("services.*.port", "services.blue.protocol", false)]
    [InlineData("services", "services.blue.port", true)]
    [InlineData("deployment.rollback", "deployment.rollback.required", true)]
    [InlineData("deployment.rollback", "deployment.model", false)]
    [InlineData("known_issues[*].status", "known_issues[2].status", true)]
    [InlineData("known_issues.*.status", "known_issues[2].status", true)]
    [InlineData("known_issues[1]", "known_issues[2].status", false)]
    [InlineData("\"a.b\".c", "\"a.b\".c", true)]
    [InlineData("\"a.b\".c", "a.b.c", false)]
    public void A_pattern_matches_keys_under_it_and_values_it_lies_under(string pattern, string path, bool expected)
    {
        Assert.True(KeyPattern.TryParse(pattern, out var parsed, out var error), error);

        Assert.Equal(expected, parsed.Matches(TomlPath.Parse(path)));
    }

    [Theory]
    [InlineData("", "a key pattern cannot be empty")]
    [InlineData("a..b", "'a..b' is not a key pattern: an empty key at position 3")]
    [InlineData("a.", "'a.' is not a key pattern: it ends with a dot")]
    [InlineData("a[x]", "'a[x]' is not a key pattern: expected [n] or [*] at position 2")]
    [InlineData("\"a.b", "'\"a.b' is not a key pattern: the quoted key at position 1 is not closed")]
    [InlineData("\"a\"b", "'\"a\"b' is not a key pattern: expected a dot at position 4")]
    public void A_malformed_pattern_is_refused_saying_where(string pattern, string expected)
    {
        Assert.False(KeyPattern.TryParse(pattern, out _, out var error));
        Assert.Equal(expected, error);
    }
}

public sealed class ContextKeyChangeTests
{
    [Fact]
    public void Added_modified_and_removed_values_are_listed_leaf_by_leaf_in_document_order()
    {
        var before = TomlDocument.Parse("[services.web]\nport = 80\nprotocol = \"http\"\n[deployment]\nmodel = \"blue-green\"\n").Model;
        var after = TomlDocument.Parse("[services.web]\nport = 8080\n[services.api]\nport = 90\nprotocol = \"grpc\"\n").Model;

        var changes = ContextKeyChange.Compare(before, after);

        Assert.Equal(
            [
                ("services.web.port", ChangeKind.Modify),
                ("services.web.protocol", ChangeKind.Delete),
                ("services.api.port", ChangeKind.Add),
                ("services.api.protocol", ChangeKind.Add),
                ("deployment.model", ChangeKind.Delete),
            ],
            changes.Select(c => (c.Path.ToString(), c.Kind)));
    }

    [Fact]
    public void Equal_documents_have_no_changes_and_arrays_compare_by_index()
    {
        var model = TomlDocument.Parse("a = [1, 2]\n[t]\nx = 1\n").Model;
        var longer = TomlDocument.Parse("a = [1, 3, 4]\n[t]\nx = 1\n").Model;

        Assert.Empty(ContextKeyChange.Compare(model, model));
        Assert.Equal(["a[1]", "a[2]"], ContextKeyChange.Compare(model, longer).Select(c => c.Path.ToString()));
    }
}
