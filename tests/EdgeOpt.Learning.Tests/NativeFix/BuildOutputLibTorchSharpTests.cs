using EdgeOpt.Build.TorchSharpNativeFix;

namespace EdgeOpt.Learning.Tests.NativeFix;

/// <summary>Checks what build/TorchSharpNativeFix.targets did to the copy in this test project's output folder.</summary>
public sealed class BuildOutputLibTorchSharpTests
{
    [Fact]
    public void OutputCopy_NeedIsWeakExactlyWhenTheHostLibStdCxxLacksTheVersion()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        string host = HostLibStdCxx.Locate(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no libstdc++.so.6 on this host");
        HashSet<string> defined = HostVersions.Read(host).Defined;
        List<VersionNeed> packaged = ElfFile.Parse(File.ReadAllBytes(PackagedLibTorchSharp.PathInPackage)).VersionNeeds();

        List<VersionNeed> built = ElfFile.Parse(File.ReadAllBytes(output)).VersionNeeds();

        Assert.Equal(packaged.Count, built.Count);
        for (int i = 0; i < packaged.Count; i++)
        {
            bool unmet = packaged[i].File == VersionNeedWeakener.LibStdCxxSoname && !defined.Contains(packaged[i].Version);
            int expected = unmet ? packaged[i].Flags | VersionNeed.WeakFlag : packaged[i].Flags;
            Assert.True(expected == built[i].Flags,
                $"{packaged[i].Version}: flags 0x{built[i].Flags:x} in the output, expected 0x{expected:x} (host {host} {(unmet ? "lacks" : "defines")} it)");
        }
        Assert.Equal(new FileInfo(PackagedLibTorchSharp.PathInPackage).Length, new FileInfo(output).Length);
    }
}
