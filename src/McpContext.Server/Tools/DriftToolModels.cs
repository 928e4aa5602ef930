using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpContext.Server.Tools;

/// <summary>A <c>context_update</c> operation, in the shape <c>context_update</c> takes it.</summary>
internal sealed record DriftOperationOutput(
    [property: Description("set, remove or append")] string Op,
    [property: Description("the context key path")] string Path,
    [property: Description("the value for set and append; absent for remove"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Value);

/// <summary>Where a fact was read.</summary>
internal sealed record DriftEvidenceOutput(
    [property: Description("the file, relative to the project root")] string File,
    [property: Description("1-based line; 0 for the file as a whole")] int Line,
    [property: Description("what the line says")] string Detail);

/// <summary>One disagreement between the context and the repository.</summary>
internal sealed record DriftFindingOutput(
    [property: Description("workflow_missing, workflow_renamed, workflow_unlisted, ci_pipeline, runner_labels, port_mismatch, upstream_mismatch, upstream_unknown, service_unmentioned, service_unlisted, path_missing or path_renamed")] string Kind,
    [property: Description("the context key it is about")] string Key,
    [property: Description("the line of that key (or of the table above it) in the context file; 0 if none")] int KeyLine,
    [property: Description("what disagrees")] string Message,
    [property: Description("the files and lines that say otherwise")] IReadOnlyList<DriftEvidenceOutput> Evidence,
    [property: Description("context_update operations that make the context agree; empty when only the repository can be fixed")] IReadOnlyList<DriftOperationOutput> Operations);

/// <summary>A changed file that matters to the context.</summary>
internal sealed record DriftChangeOutput(
    [property: Description("added, modified, deleted, renamed, copied or type_changed")] string Status,
    [property: Description("its path now, relative to the project root")] string Path,
    [property: Description("for a rename or copy, where it came from")] string? OldPath,
    [property: Description("why it matters: its kind (workflow, compose, nginx, ...), deploy, the services and knowledge items whose paths cover it")] IReadOnlyList<string> Reasons);

/// <summary>What changed since <c>verified.commit</c>.</summary>
internal sealed record DriftChangesOutput(
    [property: Description("the verified commit compared against")] string Since,
    [property: Description("the changed files that matter to the context (working tree included)")] IReadOnlyList<DriftChangeOutput> Files,
    [property: Description("how many changed files are left out of files because of the size limit")] int FilesOmitted,
    [property: Description("how many other files changed")] int OtherFiles);

/// <summary>A file the scan could not read, or a remark that does not make the context wrong.</summary>
internal sealed record DriftNoteOutput(
    [property: Description("the file, relative to the project root; absent for remarks about the project")] string? File,
    [property: Description("1-based line, or 0")] int Line,
    [property: Description("what was odd and what it means")] string Message);

/// <summary>The result of <c>drift_check</c> (and of <c>mcpctx drift --format json</c>).</summary>
internal sealed record DriftCheckOutput(
    [property: Description("true when there are no findings")] bool InSync,
    [property: Description("the context revision checked; pass it to context_update with fix, or to drift_accept")] string Revision,
    [property: Description("the context file (absolute)")] string File,
    [property: Description("the git working tree's root (absolute)")] string RepositoryRoot,
    [property: Description("where the project sits in the repository: empty at the root, else a path ending in /")] string ProjectPrefix,
    [property: Description("the commit checked out; absent before the first commit")] string? Head,
    [property: Description("verified.commit as the context states it")] string? VerifiedCommit,
    [property: Description("files git lists for the project")] int FilesListed,
    [property: Description("files the scanners read")] int FilesScanned,
    [property: Description("every disagreement, in the order of the context file")] IReadOnlyList<DriftFindingOutput> Findings,
    [property: Description("findings left out because of the size limit")] int FindingsOmitted,
    [property: Description("what changed since verified.commit; absent when there is no usable verified commit (a note says why)")] DriftChangesOutput? Changes,
    [property: Description("unreadable or odd files and other remarks")] IReadOnlyList<DriftNoteOutput> Notes,
    [property: Description("notes left out because of the size limit")] int NotesOmitted,
    [property: Description("every finding's operations as one list that applies cleanly in a single context_update")] IReadOnlyList<DriftOperationOutput> Fix);

/// <summary>The result of <c>drift_accept</c>.</summary>
internal sealed record DriftAcceptOutput(
    [property: Description("the commit recorded as verified.commit")] string Commit,
    [property: Description("the time recorded as verified.at (RFC 3339)")] string At,
    [property: Description("the context revision after the write")] string Revision,
    [property: Description("the revision the write replaced")] string PreviousRevision,
    [property: Description("the context file (absolute)")] string File);
