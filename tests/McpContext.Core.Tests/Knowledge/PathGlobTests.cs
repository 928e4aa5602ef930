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
    [InlineData("**/*.csproj", "src/McpContext.Core/McpContext.Core.csproj", true)]
    [InlineData("**/*.csproj", "Directory.Packages.props", false)]
    [InlineData("deploy/**/*.sh", "deploy/x.sh", true)]
    [InlineData("deploy/**/*.sh", "deploy/a/b/x.sh", true)]
    [InlineData("deploy/**/*.sh", "deploy/a/b/x.shx", false)]
    [InlineData("deploy/**/*.sh", "deployx.sh", false)]
    [InlineData("a/**b/c", "a/x/yb/c", true)]
    [InlineData("*", "a", true)]
    [InlineData("*", "a/b", false)]
    [InlineData("**", "a/b", true)]
    [InlineData("src/*/bin/**", "src/Core/bin/Debug/x.dll", true)]
    [InlineData("src/*/bin/**", "src/Core/obj/bin/x.dll", false)]
    [InlineData("**/", "a/b/", true)]
    [InlineData("a/**/", "a/", true)]
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

    [Fact(Timeout = 60_000)]
    public void A_glob_full_of_stars_against_a_long_path_that_almost_matches_is_answered_in_one_pass()
    {
        // A backtracking regular expression for this glob tries about 200^12 ways before failing.
        Assert.True(PathGlob.TryParse(string.Concat(Enumerable.Repeat("*a", 12)) + "*b", out var glob, out _));

        Assert.False(glob.IsMatch(new string('a', 200)));
        Assert.True(glob.IsMatch(new string('a', 200) + "b"));
    }
}
