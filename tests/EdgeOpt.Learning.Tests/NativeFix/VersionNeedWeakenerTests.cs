using System.Diagnostics;
using EdgeOpt.Build.TorchSharpNativeFix;

namespace EdgeOpt.Learning.Tests.NativeFix;

public sealed class VersionNeedWeakenerTests
{
    private static List<VersionNeed> NeedsOf(string path) => ElfFile.Parse(File.ReadAllBytes(path)).VersionNeeds();

    private static List<string> LibStdCxxNeedsOf(string path) =>
        NeedsOf(path).Where(n => n.File == VersionNeedWeakener.LibStdCxxSoname).Select(n => n.Version).ToList();

    /// <summary>A host that defines every libstdc++ version the packaged library needs except <paramref name="missing"/>.</summary>
    private static HostVersions HostWithout(params string[] missing) =>
        new("test host", LibStdCxxNeedsOf(PackagedLibTorchSharp.PathInPackage).Except(missing).ToList());

    [Fact]
    public void Apply_HostLacksGlibcxx3432_MarksOnlyThatNeedWeakAndChangesOneFlagsField()
    {
        using var dir = new TemporaryDirectory();
        string library = PackagedLibTorchSharp.CopyTo(dir.Path);
        byte[] before = File.ReadAllBytes(library);
        List<VersionNeed> needsBefore = NeedsOf(library);

        FixOutcome outcome = VersionNeedWeakener.Apply(library, HostWithout(PackagedLibTorchSharp.GccThirteenVersion));

        Assert.Equal(FixOutcomeKind.Weakened, outcome.Kind);
        Assert.Equal([PackagedLibTorchSharp.GccThirteenVersion], outcome.Versions);
        Assert.Contains("_ZSt21ios_base_library_initv", outcome.Message);
        byte[] after = File.ReadAllBytes(library);
        Assert.Equal(before.Length, after.Length);
        List<VersionNeed> needsAfter = NeedsOf(library);
        Assert.Equal(needsBefore.Count, needsAfter.Count);
        for (int i = 0; i < needsBefore.Count; i++)
        {
            Assert.Equal((needsBefore[i].File, needsBefore[i].Version), (needsAfter[i].File, needsAfter[i].Version));
            bool target = needsBefore[i].Version == PackagedLibTorchSharp.GccThirteenVersion;
            Assert.False(needsBefore[i].IsWeak);
            Assert.Equal(target ? needsBefore[i].Flags | VersionNeed.WeakFlag : needsBefore[i].Flags, needsAfter[i].Flags);
        }
        VersionNeed patched = needsBefore.Single(n => n.Version == PackagedLibTorchSharp.GccThirteenVersion);
        int[] changedOffsets = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.All(changedOffsets, offset => Assert.InRange(offset, patched.FlagsOffset, patched.FlagsOffset + 1));
        Assert.NotEmpty(changedOffsets);
    }

    [Fact]
    public void Apply_KeepsModificationTimeSoMsBuildCopyDoesNotRestoreTheUnpatchedFile()
    {
        using var dir = new TemporaryDirectory();
        string library = PackagedLibTorchSharp.CopyTo(dir.Path);
        var stamp = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(library, stamp);

        FixOutcome outcome = VersionNeedWeakener.Apply(library, HostWithout(PackagedLibTorchSharp.GccThirteenVersion));

        Assert.Equal(FixOutcomeKind.Weakened, outcome.Kind);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(library));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Apply_SecondTime_ReportsAlreadyWeakAndLeavesFileUntouched()
    {
        using var dir = new TemporaryDirectory();
        string library = PackagedLibTorchSharp.CopyTo(dir.Path);
        HostVersions host = HostWithout(PackagedLibTorchSharp.GccThirteenVersion);
        VersionNeedWeakener.Apply(library, host);
        byte[] patched = File.ReadAllBytes(library);

        FixOutcome second = VersionNeedWeakener.Apply(library, host);

        Assert.Equal(FixOutcomeKind.AlreadyWeak, second.Kind);
        Assert.Equal([PackagedLibTorchSharp.GccThirteenVersion], second.Versions);
        Assert.Equal(patched, File.ReadAllBytes(library));
    }

    [Fact]
    public void Apply_HostDefinesEveryNeededVersion_LeavesFileUntouched()
    {
        using var dir = new TemporaryDirectory();
        string library = PackagedLibTorchSharp.CopyTo(dir.Path);

        FixOutcome outcome = VersionNeedWeakener.Apply(library, HostWithout());

        Assert.Equal(FixOutcomeKind.NothingUnmet, outcome.Kind);
        Assert.Equal(File.ReadAllBytes(PackagedLibTorchSharp.PathInPackage), File.ReadAllBytes(library));
    }

    [Fact]
    public void Apply_UnmetVersionBoundByRelocation_RefusesAndLeavesFileUntouched()
    {
        // std::condition_variable::wait is GLIBCXX_3.4.30 and is really called: weakening it would be unsafe.
        using var dir = new TemporaryDirectory();
        string library = PackagedLibTorchSharp.CopyTo(dir.Path);

        FixOutcome outcome = VersionNeedWeakener.Apply(library, HostWithout("GLIBCXX_3.4.30", PackagedLibTorchSharp.GccThirteenVersion));

        Assert.Equal(FixOutcomeKind.Refused, outcome.Kind);
        Assert.Equal(["GLIBCXX_3.4.30"], outcome.Versions);
        Assert.Equal(File.ReadAllBytes(PackagedLibTorchSharp.PathInPackage), File.ReadAllBytes(library));
    }

    [Fact]
    public void Apply_FileIsHardLinkedToAnother_PatchesOnlyThisPath()
    {
        using var dir = new TemporaryDirectory();
        string cache = PackagedLibTorchSharp.CopyTo(dir.Path, "cache.so");
        string output = Path.Combine(dir.Path, "libLibTorchSharp.so");
        using (Process ln = Process.Start("ln", [cache, output]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        FixOutcome outcome = VersionNeedWeakener.Apply(output, HostWithout(PackagedLibTorchSharp.GccThirteenVersion));

        Assert.Equal(FixOutcomeKind.Weakened, outcome.Kind);
        Assert.True(NeedsOf(output).Single(n => n.Version == PackagedLibTorchSharp.GccThirteenVersion).IsWeak);
        Assert.Equal(File.ReadAllBytes(PackagedLibTorchSharp.PathInPackage), File.ReadAllBytes(cache));
    }

    public static TheoryData<string, string> MalformedFiles => new()
    {
        { "elf32", "only ELF64" },
        { "big-endian", "only little-endian" },
        { "not-elf", "not an ELF file" },
        { "truncated", "outside the file" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Apply_NotWellFormedElf64LittleEndian_ReportsUnsupportedAndLeavesFileUntouched(string kind, string reason)
    {
        using var dir = new TemporaryDirectory();
        byte[] bytes = File.ReadAllBytes(PackagedLibTorchSharp.PathInPackage);
        bytes = kind switch
        {
            "elf32" => WithByte(bytes, 4, 1),
            "big-endian" => WithByte(bytes, 5, 2),
            "not-elf" => "#!/bin/sh\necho not a library\n"u8.ToArray(),
            "truncated" => bytes[..(bytes.Length / 2)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "expected elf32, big-endian, not-elf or truncated"),
        };
        string library = Path.Combine(dir.Path, "libLibTorchSharp.so");
        File.WriteAllBytes(library, bytes);

        FixOutcome outcome = VersionNeedWeakener.Apply(library, HostWithout(PackagedLibTorchSharp.GccThirteenVersion));

        Assert.Equal(FixOutcomeKind.Unsupported, outcome.Kind);
        Assert.Contains(reason, outcome.Message);
        Assert.Equal(bytes, File.ReadAllBytes(library));
    }

    [Fact]
    public void Apply_NoHostLibStdCxx_LeavesFileUntouched()
    {
        using var dir = new TemporaryDirectory();
        string library = PackagedLibTorchSharp.CopyTo(dir.Path);

        FixOutcome outcome = VersionNeedWeakener.Apply(library, hostLibStdCxxPath: null);

        Assert.Equal(FixOutcomeKind.NotApplicable, outcome.Kind);
        Assert.Equal(File.ReadAllBytes(PackagedLibTorchSharp.PathInPackage), File.ReadAllBytes(library));
    }

    private static byte[] WithByte(byte[] bytes, int offset, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[offset] = value;
        return copy;
    }
}
