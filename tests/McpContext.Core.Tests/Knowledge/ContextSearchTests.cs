using McpContext.Core.Knowledge;
using McpContext.Toml;

namespace McpContext.Core.Tests.Knowledge;

public sealed class ContextSearchTests
{
    private static readonly IReadOnlyList<SearchDocument> Corpus = ContextSearch.Documents(
        TomlDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "repo-files", "examples", "wp-edge-core", "project-context.toml"))).Model);

    [Theory]
    [InlineData("the image build does not start after the release tag is pushed", "known_issues/KI-001")]
    [InlineData("gh workflow run returns 422 for an old tag", "known_issues/KI-002")]
    [InlineData("no internet at the hospital, proxy and DNS", "known_issues/KI-003")]
    [InlineData("nginx restart drops the websocket during the slot switch", "lessons/L-001")]
    [InlineData("runner disk full", "lessons/L-002")]
    [InlineData("CUDA init fails with the wrong L4T base image", "lessons/L-003")]
    [InlineData("why blue-green on a single device", "decisions/D-001")]
    [InlineData("which port does the green slot listen on", "section/services")]
    [InlineData("self-hosted runner labels", "section/ci")]
    public void The_top_hit_is_the_part_a_person_would_pick(string query, string expected) =>
        Assert.Equal(expected, ContextSearch.Search(Corpus, query, 5)[0].Document.Id);

    [Fact]
    public void Documents_cover_every_section_and_knowledge_item_with_resource_urls()
    {
        Assert.Equal(
            ["section/project", "section/project_type", "section/description", "section/current_focus", "section/services", "section/deployment", "section/ci", "section/constraints", "section/verified",
             "known_issues/KI-001", "known_issues/KI-002", "known_issues/KI-003", "lessons/L-001", "lessons/L-002", "lessons/L-003", "decisions/D-001", "decisions/D-002"],
            Corpus.Select(d => d.Id));
        Assert.All(Corpus, d => Assert.Equal("context://" + d.Id, d.Url));
        var issue = Corpus.Single(d => d.Id == "known_issues/KI-002");
        Assert.Equal(("known_issues", "resolved"), (issue.Metadata["kind"], issue.Metadata["status"]));
        Assert.StartsWith("KI-002: Re-dispatching build", issue.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_that_shares_no_word_with_the_context_finds_nothing()
    {
        Assert.Empty(ContextSearch.Search(Corpus, "kubernetes helm chart", 5));
        Assert.Empty(ContextSearch.Search(Corpus, "the of and", 5));
    }

    [Fact]
    public void Short_form_known_issues_get_an_index_id_and_their_sections_url()
    {
        var docs = ContextSearch.Documents(TomlDocument.Parse("known_issues = [\"Webhook retries arrive early\", \"Report times out\"]\n").Model);
        Assert.Equal(["known_issues/0", "known_issues/1"], docs.Select(d => d.Id));
        var hit = ContextSearch.Search(docs, "report timeout times out", 1)[0].Document;
        Assert.Equal(("known_issues/1", "context://section/known_issues"), (hit.Id, hit.Url));
    }
}
