using McpContext.Core.Drift;
using McpContext.Core.Paths;

namespace McpContext.Core.Tests.Drift;

public sealed class RepositoryFilesTests
{
    private static readonly RepositoryFiles Files = new(
    [
        "app/Dockerfile", "app/src/main.py", "deploy/compose/blue.yml", "deploy/compose/green.yaml", "deploy/nginx/nginx.conf",
        "deploy/nginx/conf.d/upstream-active.conf", ".github/workflows/build.yml", "README.md", "deploy/compose/blue.yml",
    ]);

    [Theory]
    [InlineData("deploy/nginx/**")]
    [InlineData("./deploy/nginx/**")]
    [InlineData("/deploy/**")]
    [InlineData("**")]
    [InlineData("deploy/compose/*.yml")]
    [InlineData("deploy/*.yml")]
    [InlineData("**/*.conf")]
    [InlineData("app/Dock*")]
    [InlineData("app/?ockerfile")]
    [InlineData("deploy/**/upstream-*.conf")]
    [InlineData(".github/workflows/*.yaml")]
    [InlineData("docs/**")]
    [InlineData("dep*/compose/blue.yml")]
    public void A_glob_exists_exactly_when_path_glob_matches_a_file(string pattern)
    {
        Assert.True(PathGlob.TryParse(pattern, out var glob, out _));
        Assert.Equal(Files.All.Any(glob.IsMatch), Files.Exists(pattern));
    }

    [Theory]
    [InlineData(".github/workflows/build.yml", true)]
    [InlineData("./app/Dockerfile", true)]
    [InlineData("app", true)]
    [InlineData("app/", true)]
    [InlineData("deploy/nginx", true)]
    [InlineData("deploy/ngin", false)]
    [InlineData("app/Dockerfile/x", false)]
    [InlineData("", false)]
    public void A_plain_path_exists_as_a_file_or_as_a_directory_holding_files(string path, bool exists) =>
        Assert.Equal(exists, Files.Exists(path));

    [Fact]
    public void Files_are_sorted_once_each_and_found_by_prefix()
    {
        Assert.Equal(8, Files.Count);
        Assert.Equal(["deploy/compose/blue.yml", "deploy/compose/green.yaml"], Files.WithPrefix("deploy/compose/"));
        Assert.True(Files.Contains("README.md"));
        Assert.False(Files.Contains("readme.md"));
    }
}
