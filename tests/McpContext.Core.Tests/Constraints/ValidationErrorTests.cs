using McpContext.Core.Constraints;
using McpContext.Core.Context;

namespace McpContext.Core.Tests.Constraints;

/// <summary>Input that cannot be checked is refused with an error naming where, and no verdict.</summary>
public sealed class ValidationErrorTests
{
    [Fact]
    public async Task A_malformed_diff_is_refused_naming_its_line()
    {
        using var repo = await EdgeRepo.CreateAsync();

        var errors = repo.Errors(new ChangeRequest { Diff = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n-a\n+b\n" });

        Assert.Equal(["diff line 4: the hunk ends early: the diff stops with 2 old and 2 new line(s) of it still to come"], errors);
    }

    [Theory]
    [InlineData("patterns = ['(unclosed']", "project-context.toml:{0}:{1}: constraints.rules[6].patterns[0]: rule R-007: '(unclosed' is not a valid regular expression: Invalid pattern '(unclosed' at offset 9. Not enough )'s.")]
    [InlineData("paths = ['']", "project-context.toml:{0}:{1}: constraints.rules[6].paths[0]: rule R-007: a path glob cannot be empty")]
    [InlineData("keys = ['services..port']", "project-context.toml:{0}:{1}: constraints.rules[6].keys[0]: rule R-007: 'services..port' is not a key pattern: an empty key at position 10")]
    [InlineData("changes = ['move']", "project-context.toml:{0}:{1}: constraints.rules[6].changes[0]: 'move' is not one of: add, modify, delete, rename")]
    public async Task A_rule_that_cannot_be_compiled_is_an_error_naming_the_rule_the_key_and_the_line(string match, string expected)
    {
        var context = EdgeRepo.ExampleContext.Replace("# ---------------------------------------------------------------------------------------\n# Known issues",
            $"[[constraints.rules]]\nid = \"R-007\"\neffect = \"deny\"\n{match}\n\n# ---------------------------------------------------------------------------------------\n# Known issues", StringComparison.Ordinal);
        using var repo = await EdgeRepo.CreateAsync(context);
        var line = context.Split('\n').ToList().FindIndex(l => l == match) + 1;

        var errors = repo.Errors(new ChangeRequest { Files = [new ProposedFile("README.md", ChangeKind.Modify)] });

        Assert.Equal([string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, line, match.IndexOf('[', StringComparison.Ordinal) + 2)], errors);
    }

    [Fact]
    public async Task A_rule_id_reserved_for_a_built_in_check_or_used_twice_is_an_error()
    {
        var context = EdgeRepo.ExampleContext.Replace("id = \"R-005\"", "id = \"secret\"", StringComparison.Ordinal).Replace("id = \"R-006\"", "id = \"R-004\"", StringComparison.Ordinal);
        using var repo = await EdgeRepo.CreateAsync(context);

        var errors = repo.Errors(new ChangeRequest { Files = [new ProposedFile("README.md", ChangeKind.Modify)] });

        Assert.Equal(2, errors.Count);
        Assert.EndsWith("constraints.rules[4].id: rule id 'secret' is reserved for a built-in check (secret, locked-key, locked-value, task-scope, frozen-spec, context-invalid)", errors[0], StringComparison.Ordinal);
        Assert.EndsWith("constraints.rules[5].id: rule id 'R-004' is already used by constraints.rules[3]; findings name rules by id, so ids must be unique", errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.txt", ChangeKind.Modify, null, "files[0].path: '../outside.txt' is not a path inside the repository: give it relative to the repository root, without '..'")]
    [InlineData("/etc/hosts", ChangeKind.Modify, null, "files[0].path: '/etc/hosts' is not a path inside the repository: give it relative to the repository root, without '..'")]
    [InlineData("new.sh", ChangeKind.Rename, null, "files[0].old_path: a rename needs the path the file comes from")]
    [InlineData("new.sh", ChangeKind.Rename, "deploy/../../x", "files[0].old_path: 'deploy/../../x' is not a path inside the repository: give it relative to the repository root, without '..'")]
    public async Task A_bad_file_in_the_list_is_an_error_naming_its_index(string path, ChangeKind kind, string? oldPath, string expected)
    {
        using var repo = await EdgeRepo.CreateAsync();

        Assert.Equal([expected], repo.Errors(new ChangeRequest { Files = [new ProposedFile(path, kind, oldPath)] }));
    }

    [Fact]
    public async Task A_list_that_contradicts_the_diff_is_an_error()
    {
        using var repo = await EdgeRepo.CreateAsync();
        repo.Git.Delete("README.md");
        var diff = await repo.WorkingDiffAsync();

        var errors = repo.Errors(new ChangeRequest { Diff = diff, Files = [new ProposedFile("README.md", ChangeKind.Modify)] });

        Assert.Equal(["files[0]: the list says 'README.md' is a modify, but the diff (line 1) makes it a delete"], errors);
    }

    [Fact]
    public async Task A_context_patch_that_cannot_be_applied_is_an_error()
    {
        using var repo = await EdgeRepo.CreateAsync();

        var errors = repo.Errors(new ChangeRequest { ContextPatch = [ContextOperation.Set("project.name", "x")] });

        Assert.Single(errors);
        Assert.StartsWith("context_patch: set project.name: ", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_that_did_not_parse_before_the_change_is_an_error_because_its_rules_cannot_be_read()
    {
        using var repo = await EdgeRepo.CreateAsync();
        var broken = System.Text.Encoding.UTF8.GetBytes("project = \"unterminated\n");

        var errors = repo.Errors(new ChangeRequest { Files = [new ProposedFile("README.md", ChangeKind.Modify)], ContextVersions = new ContextVersions(broken, broken) });

        var error = Assert.Single(errors);
        Assert.StartsWith("project-context.toml:1:", error, StringComparison.Ordinal);
        Assert.EndsWith(": the context before the change does not parse, so its rules cannot be read", error, StringComparison.Ordinal);
    }
}
