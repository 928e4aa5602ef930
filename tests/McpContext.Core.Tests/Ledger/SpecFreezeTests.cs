namespace McpContext.Core.Tests.Ledger;

/// <summary>Requirement and architecture freeze: recorded hashes, and the query drift and validation call.</summary>
public sealed class SpecFreezeTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_frozen_document_is_flagged_once_it_changes_until_it_is_frozen_again_with_a_reason()
    {
        using var project = await LedgerProject.CreateAsync();
        project.Git.Write("AGENTS.md", "# rules\n");
        project.Git.Write("docs/spec.md", "# spec v1\n");
        var freezes = project.Ledger.Freezes;

        var frozen = freezes.Freeze(["AGENTS.md", "./docs/spec.md"], "agreed in the kickoff", "lead", Cancel);
        var unchanged = freezes.Changed();
        project.Git.Write("docs/spec.md", "# spec v2\n");
        File.Delete(Path.Combine(project.Root, "AGENTS.md"));
        var changed = freezes.Changed();
        project.Git.Write("AGENTS.md", "# rules\n");
        var refrozen = freezes.Freeze(["docs/spec.md"], "v2 agreed with the client", "lead", Cancel);

        Assert.Null(frozen.Error);
        Assert.Equal(["AGENTS.md", "docs/spec.md"], frozen.Documents.Select(d => d.Path));
        Assert.Empty(unchanged);
        Assert.Equal(
            [
                "AGENTS.md was deleted since it was frozen on 2026-11-21 by lead (agreed in the kickoff); re-freeze it with a reason once the change is agreed",
                "docs/spec.md changed since it was frozen on 2026-11-21 by lead (agreed in the kickoff); re-freeze it with a reason once the change is agreed",
            ],
            changed.Select(d => d.Describe()));
        Assert.Null(refrozen.Error);
        Assert.Empty(freezes.Changed());
        Assert.Equal("docs/spec.md is as frozen on 2026-11-21 by lead (v2 agreed with the client)", freezes.List()[1].Describe());
        Assert.True(File.Exists(Path.Combine(project.Root, "tasks", ".ledger", "frozen", "docs%2Fspec.md.jsonl")));
    }

    [Fact]
    public async Task Freezing_needs_a_reason_and_files_inside_the_project_and_nothing_is_frozen_otherwise()
    {
        using var project = await LedgerProject.CreateAsync();
        project.Git.Write("AGENTS.md", "# rules\n");
        var freezes = project.Ledger.Freezes;

        Assert.Equal("reason: freezing a document needs a reason (why this version is the agreed one)", freezes.Freeze(["AGENTS.md"], " ", "lead", Cancel).Error);
        Assert.Equal("paths: name at least one document to freeze", freezes.Freeze([], "r", "lead", Cancel).Error);
        Assert.Equal($"paths: 'missing.md' is not a file in {project.Root}", freezes.Freeze(["AGENTS.md", "missing.md"], "r", "lead", Cancel).Error);
        Assert.Equal("paths: '../etc/passwd' uses '..'; paths stay inside the repository, relative to its root", freezes.Freeze(["../etc/passwd"], "r", "lead", Cancel).Error);
        Assert.Equal("paths: 'docs/*.md' is a glob; name files", freezes.Freeze(["docs/*.md"], "r", "lead", Cancel).Error);
        Assert.Empty(freezes.List());
    }

    [Fact]
    public async Task An_edited_freeze_log_is_reported_as_changed_and_cannot_be_frozen_over()
    {
        using var project = await LedgerProject.CreateAsync();
        project.Git.Write("AGENTS.md", "# rules\n");
        project.Ledger.Freezes.Freeze(["AGENTS.md"], "agreed", "lead", Cancel);
        var log = Path.Combine(project.Root, "tasks", ".ledger", "frozen", "AGENTS.md.jsonl");
        File.WriteAllText(log, File.ReadAllText(log).Replace("agreed", "forced", StringComparison.Ordinal));

        var changed = Assert.Single(project.Ledger.Freezes.Changed());
        var refreeze = project.Ledger.Freezes.Freeze(["AGENTS.md"], "again", "lead", Cancel);

        Assert.Equal("AGENTS.md: its freeze log cannot be trusted (tasks/.ledger/frozen/AGENTS.md.jsonl: line 1 was changed after it was written: its hash does not match its content)", changed.Describe());
        Assert.Equal("the freeze log of AGENTS.md cannot be trusted (tasks/.ledger/frozen/AGENTS.md.jsonl: line 1 was changed after it was written: its hash does not match its content); restore it from git first", refreeze.Error);
    }
}
