using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.Tests.Support;

namespace EdgeOpt.Cli.Tests.Units;

/// <summary>Where a fleet verb's token comes from, in order: --token, $EDGEOPT_TOKEN, the operator.token file under --data.</summary>
public sealed class TokenSourcesTests
{
    [Fact]
    public void Find_PrefersTheOption_ThenTheEnvironment_ThenTheDataFolder()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("operator.token"), "eo_from-file\n");
        Func<string, string?> env = name => name == "EDGEOPT_TOKEN" ? "eo_from-env" : null;
        Func<string, string?> none = _ => null;

        Assert.Equal("eo_from-option", TokenSources.Find(" eo_from-option ", temp.Path, env));
        Assert.Equal("eo_from-env", TokenSources.Find(null, temp.Path, env));
        Assert.Equal("eo_from-file", TokenSources.Find(null, temp.Path, none));
    }

    [Fact]
    public void Find_TokenWithInnerWhitespace_NamesItsSource()
    {
        var e = Assert.Throws<CliUsageException>(() => TokenSources.Find("eo_a b", null, _ => null));

        Assert.StartsWith("--token:", e.Message);
    }
}
