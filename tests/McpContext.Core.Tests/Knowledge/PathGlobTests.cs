using McpContext.Core.Paths;

namespace McpContext.Core.Tests.Knowledge;

public sealed class PathGlobTests
{
    [Theory]
    [InlineData("deploy/**", "deploy/nginx/conf.d/a.conf", true)]
    [InlineData("deploy/**", "deploy", false)]
    [InlineData("deploy/compose/*.yml", "deploy/compose/blue.yml", true)]
    [InlineData("deploy/compose/*.yml", "deploy/compose/x/blue.yml", false)]
    [InlineData("**/Dockerfile", "Dockerfile", true)]
    [InlineData("**/Dockerfile", "app/sub/Dockerfile", true)]
    [InlineData(".github/workflows/*.yml", ".github/workflows/build.yml", true)]
    [InlineData("app/?.cs", "app/a.cs", true)]
    [InlineData("app/?.cs", "app/ab.cs", false)]
    [InlineData("./app/**", "app/x", true)]
    [InlineData("app/**", "App/x", false)]
    [InlineData("a+b/(c).txt", "a+b/(c).txt", true)]
    public void Globs_match_the_way_people_write_them(string glob, string path, bool expected)
    {
        Assert.True(PathGlob.TryParse(glob, out var parsed, out _));
        Assert.Equal(expected, parsed.IsMatch(path));
    }

    [Fact]
    public void A_directory_concerns_the_globs_that_reach_into_it()
    {
        Assert.True(PathGlob.TryParse("deploy/nginx/**", out var glob, out _));
        Assert.True(glob.Concerns("deploy"));
        Assert.True(glob.Concerns("deploy/nginx/"));
        Assert.False(glob.Concerns("dep"));
        Assert.False(glob.Concerns("app"));
    }

    [Fact]
    public void An_empty_glob_is_an_error() =>
        Assert.Equal("a path glob cannot be empty", PathGlob.TryParse("", out _, out var error) ? null : error);
}
