using McpContext.Core.Context;

namespace McpContext.Core.Tests.Context;

/// <summary>
/// The anchor prefilter in front of the secret detectors may only skip strings a detector would reject:
/// wherever the anchor text sits, whatever case a secret-like name is written in.
/// </summary>
public sealed class SecretAnchorTests
{
    private static readonly string Filler = string.Join(' ', Enumerable.Repeat("location /p1 { proxy_pass http://127.0.0.1:40001; }", 40));

    public static TheoryData<string> SecretNames => new(SecretCorpus.Secrets.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(SecretNames))]
    public void A_secret_is_found_at_the_start_the_end_and_deep_inside_a_long_line(string name)
    {
        var fake = SecretCorpus.Secrets[name];

        Assert.Equal(fake.Kind, SecretGuard.Classify(fake.Text + " " + Filler));
        Assert.Equal(fake.Kind, SecretGuard.Classify(Filler + " " + fake.Text));
        Assert.Equal(fake.Kind, SecretGuard.Classify(Filler + "\n" + fake.Text + "\r\n" + Filler));
    }

    [Theory]
    [InlineData("PASSWORD=")]
    [InlineData("Db_PassWord: ")]
    [InlineData("x-Api-Key: ")]
    [InlineData("API_KEY=")]
    [InlineData("AccessKey => ")]
    [InlineData("client_Secret := ")]
    [InlineData("PRIVATE-KEY=")]
    [InlineData("Auth_Key: ")]
    [InlineData("passPHRASE=")]
    public void A_secret_like_name_counts_in_any_case(string assignment)
    {
        var value = SecretCorpus.Body(300, 24);

        Assert.Equal(SecretKind.HighEntropyAssignment, SecretGuard.Classify(assignment + value));
    }

    [Fact]
    public void A_Kelvin_sign_is_a_k_in_a_secret_like_name_as_the_detectors_read_it()
    {
        // Case-insensitive matching equates U+212A with 'k'; an ordinal ignore-case search does not.
        var value = SecretCorpus.Body(301, 24);

        Assert.Equal(SecretKind.HighEntropyAssignment, SecretGuard.Classify("TO\u212AEN=" + value));
        Assert.Equal(SecretKind.HighEntropyAssignment, SecretGuard.Classify("api_\u212Aey: " + value));
        Assert.Equal(SecretKind.HighEntropyAssignment, SecretGuard.Classify(value, "deploy_to\u212Aen"));
    }

    [Fact]
    public void A_secret_like_name_without_an_assignment_is_not_a_secret()
    {
        var value = SecretCorpus.Body(302, 24);

        Assert.Null(SecretGuard.Classify("the token " + value));
        Assert.Null(SecretGuard.Classify("# forbidden-token-12 " + value));

        // The separator must follow the name: one before it is not an assignment.
        Assert.Null(SecretGuard.Classify("note: token " + value));
    }

    [Fact]
    public void A_password_in_a_url_needs_an_at_sign_after_the_scheme()
    {
        var password = SecretCorpus.Body(303, 20);

        Assert.Null(SecretGuard.Classify("mail ops@example.com about https://deploy:" + password + "/v2"));
        Assert.Equal(SecretKind.PasswordInUrl, SecretGuard.Classify("see http://docs.internal/x and postgres://ledger:" + password + "@db.internal/ledger"));
    }

    [Fact]
    public void Anchors_of_another_case_are_not_secrets_since_the_formats_are_case_sensitive()
    {
        Assert.Null(SecretGuard.Classify("GHP_" + SecretCorpus.Body(304, 36)));
        Assert.Null(SecretGuard.Classify("akia" + SecretCorpus.Body(305, 16, SecretCorpus.UpperBase32)));
        Assert.Equal(SecretKind.AwsAccessKey, SecretGuard.Classify("AKIA" + SecretCorpus.Body(305, 16, SecretCorpus.UpperBase32)));
    }

    [Fact]
    public void A_bearer_token_after_a_tab_is_found()
    {
        Assert.Equal(SecretKind.BearerToken, SecretGuard.Classify("Authorization: bearer\t" + SecretCorpus.Body(306, 32)));
    }

    [Fact]
    public void Lines_with_anchor_text_but_no_secret_are_not_reported()
    {
        Assert.Null(SecretGuard.Classify("ghp_ sk- AKIA eyJ hf_ npm_ xoxb- glpat- sig= Bearer PRIVATE KEY ://@"));
        Assert.Null(SecretGuard.Classify(Filler));
    }
}
