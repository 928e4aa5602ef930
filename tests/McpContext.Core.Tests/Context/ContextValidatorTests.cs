using McpContext.Core.Context;
using McpContext.Toml;

namespace McpContext.Core.Tests.Context;

public sealed class ContextValidatorTests
{
    private static string[] Problems(string toml) =>
        [.. ContextValidator.Validate(TomlDocument.Parse(toml)).Select(d => d.ToString())];

    public static TheoryData<string> RepositoryContexts => RepoFiles.Contexts;

    [Theory]
    [MemberData(nameof(RepositoryContexts))]
    public void The_example_contexts_and_our_own_are_clean(string file)
    {
        Assert.Empty(RepoFiles.Read(file).Diagnostics);
    }

    [Fact]
    public void Ports_must_be_in_range_integers_and_not_shared_in_either_service_form()
    {
        Assert.Equal(
            [
                "3:17: services.blue.port: port 3001 is already used by services.nginx; two services cannot listen on one port",
                "4:9: services.green: port 70000 is out of range (1-65535)",
                "5:7: services.web: expected a port (integer) or a [services.web] table, found a string",
            ],
            Problems("[services]\nnginx = 3001\nblue = { port = 3001 }\ngreen = 70000\nweb = \"80\"\n"));
    }

    [Fact]
    public void Workflows_must_be_paths_relative_to_the_repository()
    {
        Assert.Equal(
            [
                "2:45: ci.workflows[1]: '/etc/ci/deploy.yml' must be a path relative to the repository root, such as .github/workflows/build.yml",
                "2:67: ci.workflows[2]: '../other/x.yml' must be a path relative to the repository root, such as .github/workflows/build.yml",
                "2:85: ci.workflows[3]: 'https://example.org/w.yml' must be a path relative to the repository root, such as .github/workflows/build.yml",
            ],
            Problems("[ci]\nworkflows = [\".github/workflows/build.yml\", \"/etc/ci/deploy.yml\", \"../other/x.yml\", \"https://example.org/w.yml\"]\n"));
    }

    [Fact]
    public void Knowledge_ids_are_unique_across_issues_lessons_and_decisions_and_dates_are_dates()
    {
        const string toml = "[[known_issues]]\nid = \"X-1\"\nopened = 2026-03-14\n\n[[lessons]]\nid = \"X-1\"\nlearned = \"2026-13-01\"\n\n[[decisions]]\nid = \"D-1\"\ndate = 5\n";
        Assert.Equal(
            [
                "6:6: lessons[0].id: id 'X-1' is already used by known_issues[0]; ids must be unique",
                "7:11: lessons[0].learned: '2026-13-01' is not a date: write YYYY-MM-DD or an RFC 3339 date-time",
                "11:8: decisions[0].date: expected a date (YYYY-MM-DD) or date-time, found an integer",
            ],
            Problems(toml));
    }

    [Fact]
    public void Rules_must_compile_under_unique_ids_and_locked_keys_must_be_key_patterns()
    {
        const string toml = "[constraints]\nlocked = [\"services..port\"]\n\n[[constraints.rules]]\nid = \"R-1\"\neffect = \"deny\"\npatterns = [\"[a-\"]\n\n[[constraints.rules]]\nid = \"R-1\"\neffect = \"warn\"\npaths = [\"docs/**\"]\n\n[[constraints.rules]]\nid = \"R-2\"\neffect = \"warn\"\n";
        Assert.Equal(
            [
                "2:11: constraints.locked[0]: 'services..port' is not a key pattern: an empty key at position 10",
                "7:13: constraints.rules[0].patterns[0]: rule R-1: '[a-' is not a valid regular expression: Invalid pattern '[a-' at offset 3. Unterminated [] set.",
                "10:6: constraints.rules[1].id: rule id 'R-1' is already used by constraints.rules[0]; findings name rules by id, so ids must be unique",
                "14:1: constraints.rules[2]: rule R-2 matches nothing: give it paths, keys, patterns or changes",
            ],
            Problems(toml));
    }

    [Fact]
    public void The_verified_commit_must_look_like_a_commit()
    {
        Assert.Equal(
            ["2:10: verified.commit: must be a git commit id: 7 to 64 lower-case hexadecimal digits"],
            Problems("[verified]\ncommit = \"main\"\nat = 2026-11-21T08:00:00Z\n"));
    }

    [Fact]
    public void The_store_refuses_a_write_that_adds_a_problem_but_not_one_that_leaves_an_old_one_alone()
    {
        var dir = Directory.CreateTempSubdirectory("mcpctx-validate-");
        var file = Path.Combine(dir.FullName, "project-context.toml");
        File.WriteAllText(file, "[services]\nblue = 3001\ngreen = 99999\n");
        using var store = new ContextStore(file, new ContextStoreOptions { WatchForChanges = false });

        var snapshot = store.Read();
        Assert.Equal("3:9: services.green: port 99999 is out of range (1-65535)", Assert.Single(snapshot.Diagnostics).ToString());

        var clash = store.Update(snapshot.Revision, [ContextOperation.Set("services.red", 3001L)], "codex", "add red", TestContext.Current.CancellationToken);
        Assert.Equal(ContextWriteStatus.Rejected, clash.Status);
        Assert.Equal(["services.red: port 3001 is already used by services.blue; two services cannot listen on one port"], clash.Problems);

        var unrelated = store.Update(snapshot.Revision, [ContextOperation.Set("project", "edge")], "codex", "name it", TestContext.Current.CancellationToken);
        Assert.Equal(ContextWriteStatus.Written, unrelated.Status);
    }
}
