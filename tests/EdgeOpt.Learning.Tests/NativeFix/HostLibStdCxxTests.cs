using EdgeOpt.Build.TorchSharpNativeFix;

namespace EdgeOpt.Learning.Tests.NativeFix;

public sealed class HostLibStdCxxTests
{
    [Fact]
    public void Locate_OnThisHost_FindsALibStdCxxDefiningTheBaseVersion()
    {
        using var dir = new TemporaryDirectory();
        PackagedLibTorchSharp.CopyTo(dir.Path);

        string? found = HostLibStdCxx.Locate(dir.Path);

        Assert.NotNull(found);
        Assert.Contains("GLIBCXX_3.4", HostVersions.Read(found).Defined);
    }

    [Fact]
    public void Locate_LibStdCxxBesideTheLibrary_WinsAsWithRunpathOrigin()
    {
        using var dir = new TemporaryDirectory();
        PackagedLibTorchSharp.CopyTo(dir.Path);
        string system = HostLibStdCxx.Locate(dir.Path) ?? throw new InvalidOperationException("no libstdc++.so.6 on this host");
        string beside = Path.Combine(dir.Path, "libstdc++.so.6");
        File.Copy(system, beside);

        Assert.Equal(beside, HostLibStdCxx.Locate(dir.Path));
    }
}
