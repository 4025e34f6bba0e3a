// Marks libstdc++ version needs that the host cannot meet as weak (VER_FLG_WEAK) in an ELF shared library,
// when that is safe. Used by build/TorchSharpNativeFix.targets on the COPY of libLibTorchSharp.so in a
// project's output or publish folder; compiled into EdgeOpt.Learning.Tests (with
// TORCHSHARP_NATIVE_FIX_WITHOUT_MSBUILD) so the ELF logic is tested without MSBuild.
//
// Why it is safe: glibc's loader refuses a library when a version need is unmet, unless the need is flagged
// weak; then it only skips the check. Symbols are still looked up with their version when a relocation binds
// them, so weakening is harmless exactly when no relocation binds a symbol of that version. That is the case
// for GLIBCXX_3.4.32 in TorchSharp 0.107.0: its sole symbol, std::ios_base_library_init, is referenced by GCC
// 13's <iostream> only to pull the iostream initialiser into the link and is never called. This code checks
// that condition and refuses (warning, file untouched) otherwise. The patch changes two bytes (vna_flags),
// so the file size and layout stay the same.
//
// When to remove: once build hosts ship GCC 13's libstdc++ (GLIBCXX_3.4.32) the step finds nothing to do;
// once TorchSharp stops asking for the version it finds nothing to do either. Then delete the .targets import.
//
// One file on purpose: RoslynCodeTaskFactory compiles a single source file, against netstandard 2.0
// (hence no Span, BinaryPrimitives or File.Move overwrite).
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
#if !TORCHSHARP_NATIVE_FIX_WITHOUT_MSBUILD
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

namespace EdgeOpt.Build.TorchSharpNativeFix
{
#if !TORCHSHARP_NATIVE_FIX_WITHOUT_MSBUILD
    /// <summary>MSBuild entry point: weakens unmet libstdc++ version needs in each of <see cref="Files"/>.</summary>
    public sealed class WeakenUnmetLibStdCxxVersionNeeds : Microsoft.Build.Utilities.Task
    {
        [Required]
        public ITaskItem[] Files { get; set; } = new ITaskItem[0];

        public override bool Execute()
        {
            IEnumerable<string> paths = Files.Select(f => f.GetMetadata("FullPath")).Distinct(StringComparer.Ordinal);
            foreach (string path in paths)
            {
                string? hostLibrary = HostLibStdCxx.Locate(Path.GetDirectoryName(path) ?? ".");
                FixOutcome outcome = VersionNeedWeakener.Apply(path, hostLibrary);
                switch (outcome.Kind)
                {
                    case FixOutcomeKind.Weakened:
                        Log.LogMessage(MessageImportance.High, "TorchSharpNativeFix: " + outcome.Message);
                        break;
                    case FixOutcomeKind.Refused:
                        Log.LogWarning(null, "EOTSNF01", null, path, 0, 0, 0, 0, "TorchSharpNativeFix: " + outcome.Message);
                        break;
                    case FixOutcomeKind.Unsupported:
                        Log.LogWarning(null, "EOTSNF02", null, path, 0, 0, 0, 0, "TorchSharpNativeFix: " + outcome.Message);
                        break;
                    default:
                        Log.LogMessage(MessageImportance.Low, "TorchSharpNativeFix: " + outcome.Message);
                        break;
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif

    internal enum FixOutcomeKind
    {
        /// <summary>The file was patched: the listed version needs are now weak.</summary>
        Weakened,
        /// <summary>The host defines every libstdc++ version the file needs (or it needs none).</summary>
        NothingUnmet,
        /// <summary>Every unmet need is already weak: an earlier build patched this file.</summary>
        AlreadyWeak,
        /// <summary>No file, or no host libstdc++ to compare against (not Linux, or another architecture).</summary>
        NotApplicable,
        /// <summary>An unmet version is bound by a relocation: weakening would only move the failure to run time.</summary>
        Refused,
        /// <summary>The file (or the host library) is not a well-formed ELF64 little-endian object.</summary>
        Unsupported,
    }

    internal sealed class FixOutcome
    {
        public FixOutcome(FixOutcomeKind kind, string message, IReadOnlyList<string> versions)
        {
            Kind = kind;
            Message = message;
            Versions = versions;
        }

        public FixOutcomeKind Kind { get; }
        public string Message { get; }
        /// <summary>The versions the outcome is about (weakened, already weak, or refused).</summary>
        public IReadOnlyList<string> Versions { get; }
    }

    /// <summary>The version names one libstdc++ defines, and where they were read from.</summary>
    internal sealed class HostVersions
    {
        public HostVersions(string source, ICollection<string> defined)
        {
            Source = source;
            Defined = new HashSet<string>(defined, StringComparer.Ordinal);
        }

        public string Source { get; }
        public HashSet<string> Defined { get; }

        public static HostVersions Read(string libStdCxxPath) =>
            new HostVersions(libStdCxxPath, ElfFile.Parse(File.ReadAllBytes(libStdCxxPath)).VersionDefinitions());
    }

    internal static class VersionNeedWeakener
    {
        public const string LibStdCxxSoname = "libstdc++.so.6";

        /// <summary>Compares <paramref name="path"/> with the libstdc++ at <paramref name="hostLibStdCxxPath"/> and patches it if needed.</summary>
        public static FixOutcome Apply(string path, string? hostLibStdCxxPath)
        {
            if (hostLibStdCxxPath == null)
                return Outcome(FixOutcomeKind.NotApplicable, "no host " + LibStdCxxSoname + " for this architecture; " + path + " left as is.");
            HostVersions host;
            try
            {
                host = HostVersions.Read(hostLibStdCxxPath);
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                return Outcome(FixOutcomeKind.Unsupported, "cannot read version definitions of host " + hostLibStdCxxPath + ": " + e.Message + "; " + path + " left as is.");
            }
            return Apply(path, host);
        }

        /// <summary>Patches <paramref name="path"/> so that its libstdc++ version needs that <paramref name="host"/> lacks become weak, when safe.</summary>
        public static FixOutcome Apply(string path, HostVersions host)
        {
            if (!File.Exists(path))
                return Outcome(FixOutcomeKind.NotApplicable, path + " does not exist.");
            try
            {
                return ApplyChecked(path, host);
            }
            catch (Exception e)
            {
                // Malformed input, or an I/O failure before the final rename: the file is untouched either way.
                return Outcome(FixOutcomeKind.Unsupported, path + " left as is: " + e.Message);
            }
        }

        private static FixOutcome ApplyChecked(string path, HostVersions host)
        {
            ElfFile elf = ElfFile.Parse(File.ReadAllBytes(path));
            List<VersionNeed> unmet = elf.VersionNeeds()
                .Where(n => n.File == LibStdCxxSoname && !host.Defined.Contains(n.Version))
                .ToList();
            List<VersionNeed> toWeaken = unmet.Where(n => !n.IsWeak).ToList();
            if (unmet.Count == 0)
                return Outcome(FixOutcomeKind.NothingUnmet, "host " + host.Source + " defines every " + LibStdCxxSoname + " version " + path + " needs; nothing to do.");
            if (toWeaken.Count == 0)
                return Outcome(FixOutcomeKind.AlreadyWeak, "version needs " + Names(unmet) + " in " + path + " are already weak; nothing to do.", unmet);

            HashSet<int> bound = elf.VersionIndexesBoundByRelocations();
            List<VersionNeed> used = toWeaken.Where(n => bound.Contains(n.Index)).ToList();
            if (used.Count > 0)
                return Outcome(FixOutcomeKind.Refused,
                    "host " + host.Source + " lacks " + Names(used) + ", which relocations in " + path +
                    " bind, so marking it weak would fail at run time instead; left as is. Install a newer libstdc++ (GCC 13+).", used);

            WritePatchedCopy(path, toWeaken);
            string symbols = string.Join(", ", toWeaken.SelectMany(n => elf.SymbolNamesOfVersion(n.Index)).Distinct());
            return Outcome(FixOutcomeKind.Weakened,
                "marked version need " + Names(toWeaken) + " of " + LibStdCxxSoname + " weak in " + path +
                ": host " + host.Source + " does not define it, and no relocation binds its symbols (" +
                (symbols.Length == 0 ? "none" : symbols) + "), so the loader can load the library and nothing calls the missing code.",
                toWeaken);
        }

        /// <summary>
        /// Copies the file, patches the copy, checks it, then renames it over the original. Renaming gives the
        /// path a new inode, so a hard link to the NuGet cache is never written through; the original modification
        /// time is kept so MSBuild's Copy (SkipUnchangedFiles: same size and time) does not copy the unpatched file again.
        /// </summary>
        private static void WritePatchedCopy(string path, IReadOnlyList<VersionNeed> toWeaken)
        {
            string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.Copy(path, temp, true); // File.Copy keeps the permission bits.
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
                {
                    foreach (VersionNeed need in toWeaken)
                    {
                        ushort flags = (ushort)(need.Flags | VersionNeed.WeakFlag);
                        stream.Position = need.FlagsOffset;
                        stream.WriteByte((byte)flags);
                        stream.WriteByte((byte)(flags >> 8));
                    }
                }
                VerifyPatch(path, temp, toWeaken);
                File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
                File.Replace(temp, path, null);
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
        }

        /// <summary>Re-reads the patched copy: same size, same version needs, only the chosen ones turned weak.</summary>
        private static void VerifyPatch(string original, string patched, IReadOnlyList<VersionNeed> toWeaken)
        {
            if (new FileInfo(original).Length != new FileInfo(patched).Length)
                throw new InvalidDataException("patched copy changed size");
            List<VersionNeed> before = ElfFile.Parse(File.ReadAllBytes(original)).VersionNeeds();
            List<VersionNeed> after = ElfFile.Parse(File.ReadAllBytes(patched)).VersionNeeds();
            if (before.Count != after.Count)
                throw new InvalidDataException("patched copy lists a different number of version needs");
            for (int i = 0; i < before.Count; i++)
            {
                bool chosen = toWeaken.Any(n => n.FlagsOffset == before[i].FlagsOffset);
                int expectedFlags = chosen ? before[i].Flags | VersionNeed.WeakFlag : before[i].Flags;
                if (after[i].File != before[i].File || after[i].Version != before[i].Version || after[i].Flags != expectedFlags)
                    throw new InvalidDataException("patched copy differs unexpectedly at version need " + before[i].Version);
            }
        }

        private static string Names(IEnumerable<VersionNeed> needs) => string.Join(", ", needs.Select(n => n.Version));

        private static FixOutcome Outcome(FixOutcomeKind kind, string message, IEnumerable<VersionNeed>? needs = null) =>
            new FixOutcome(kind, message, (needs ?? Enumerable.Empty<VersionNeed>()).Select(n => n.Version).ToList());
    }

    /// <summary>Finds the libstdc++.so.6 the dynamic loader would give a library in a given folder.</summary>
    internal static class HostLibStdCxx
    {
        private static readonly string[] StandardDirectories =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };

        /// <summary>
        /// Mirrors the loader's order, leaving out LD_LIBRARY_PATH (a build-time value says nothing about run time):
        /// the library's own folder (TorchSharp's RUNPATH is $ORIGIN), then the ld.so cache (ldconfig -p), then the
        /// standard folders. Takes the first candidate built for the same machine as the library; null if none.
        /// </summary>
        public static string? Locate(string libraryDirectory)
        {
            ushort? machine = MachineOfLibTorchSharpIn(libraryDirectory);
            IEnumerable<string> candidates = new[] { Path.Combine(libraryDirectory, VersionNeedWeakener.LibStdCxxSoname) }
                .Concat(LdconfigCandidates())
                .Concat(StandardDirectories.Select(d => Path.Combine(d, VersionNeedWeakener.LibStdCxxSoname)));
            foreach (string candidate in candidates)
            {
                if (!File.Exists(candidate))
                    continue;
                try
                {
                    if (machine == null || ElfFile.ReadMachine(candidate) == machine)
                        return candidate;
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
                {
                    // Not a readable ELF64 little-endian file: keep looking, as the loader would.
                }
            }
            return null;
        }

        private static ushort? MachineOfLibTorchSharpIn(string directory)
        {
            string library = Path.Combine(directory, "libLibTorchSharp.so");
            try
            {
                return File.Exists(library) ? ElfFile.ReadMachine(library) : (ushort?)null;
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static IEnumerable<string> LdconfigCandidates()
        {
            foreach (string ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig" })
            {
                if (!File.Exists(ldconfig))
                    continue;
                string output;
                try
                {
                    var start = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false };
                    using (Process? process = Process.Start(start))
                    {
                        if (process == null)
                            continue;
                        output = process.StandardOutput.ReadToEnd();
                        process.WaitForExit(10000);
                    }
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException || e is IOException)
                {
                    continue;
                }
                // Lines look like: "\tlibstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
                return output.Split('\n')
                    .Select(line => line.Trim())
                    .Where(line => line.StartsWith(VersionNeedWeakener.LibStdCxxSoname + " ", StringComparison.Ordinal))
                    .Select(line => line.Substring(line.IndexOf("=>", StringComparison.Ordinal) + 2).Trim())
                    .Where(p => p.StartsWith("/", StringComparison.Ordinal))
                    .ToList();
            }
            return Enumerable.Empty<string>();
        }
    }

    /// <summary>One Vernaux entry of .gnu.version_r: a version the library needs from one file.</summary>
    internal sealed class VersionNeed
    {
        public const int WeakFlag = 0x2; // VER_FLG_WEAK

        public VersionNeed(string file, string version, int flags, int index, long flagsOffset)
        {
            File = file;
            Version = version;
            Flags = flags;
            Index = index;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The needed file (vn_file), e.g. libstdc++.so.6.</summary>
        public string File { get; }
        /// <summary>The version name (vna_name), e.g. GLIBCXX_3.4.32.</summary>
        public string Version { get; }
        /// <summary>vna_flags.</summary>
        public int Flags { get; }
        /// <summary>vna_other: the index that .gnu.version gives the symbols of this version.</summary>
        public int Index { get; }
        /// <summary>Offset of vna_flags in the file.</summary>
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }

    /// <summary>A read-only view of an ELF64 little-endian file through its section headers. Throws InvalidDataException on anything else.</summary>
    internal sealed class ElfFile
    {
        private const uint ShtRela = 4, ShtNobits = 8, ShtRel = 9, ShtDynsym = 11;
        private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
        private const int HeaderSize = 64, SectionHeaderSize = 64, DynsymEntrySize = 24;

        private readonly byte[] bytes;
        private readonly List<Section> sections = new List<Section>();

        private ElfFile(byte[] bytes)
        {
            this.bytes = bytes;
            Machine = U16(18);
            ulong shoff = U64(0x28);
            int shentsize = U16(0x3A), shnum = U16(0x3C);
            if (shentsize != SectionHeaderSize)
                throw new InvalidDataException("unexpected section header size " + shentsize + " (expected 64)");
            if (shnum == 0 || shnum >= 0xff00)
                throw new InvalidDataException("no section headers, or extended section numbering (e_shnum " + shnum + "); not supported");
            if (shoff > (ulong)bytes.Length || (ulong)bytes.Length - shoff < (ulong)shnum * SectionHeaderSize)
                throw new InvalidDataException("section headers lie outside the file");
            for (int i = 0; i < shnum; i++)
            {
                long at = (long)shoff + (long)i * SectionHeaderSize;
                var s = new Section(U32(at + 4), U64(at + 24), U64(at + 32), U32(at + 40), U32(at + 44), U64(at + 56));
                if (s.Type != ShtNobits && (s.Offset > (ulong)bytes.Length || (ulong)bytes.Length - s.Offset < s.Size))
                    throw new InvalidDataException("section " + i + " lies outside the file");
                sections.Add(s);
            }
        }

        /// <summary>e_machine (62 = x86-64, 183 = AArch64).</summary>
        public ushort Machine { get; }

        public static ElfFile Parse(byte[] bytes)
        {
            CheckIdent(bytes);
            return new ElfFile(bytes);
        }

        /// <summary>Reads only the header of <paramref name="path"/> and returns e_machine.</summary>
        public static ushort ReadMachine(string path)
        {
            var header = new byte[HeaderSize];
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                int read = 0, n;
                while (read < header.Length && (n = stream.Read(header, read, header.Length - read)) > 0)
                    read += n;
                if (read < header.Length)
                    throw new InvalidDataException("shorter than an ELF64 header");
            }
            CheckIdent(header);
            return (ushort)(header[18] | header[19] << 8);
        }

        private static void CheckIdent(byte[] bytes)
        {
            if (bytes.Length < HeaderSize || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (bytes[4] != 2)
                throw new InvalidDataException("ELF class " + bytes[4] + " is not supported (only ELF64)");
            if (bytes[5] != 1)
                throw new InvalidDataException("ELF data encoding " + bytes[5] + " is not supported (only little-endian)");
        }

        /// <summary>Every Vernaux entry of the SHT_GNU_verneed section (.gnu.version_r), in file order.</summary>
        public List<VersionNeed> VersionNeeds()
        {
            var needs = new List<VersionNeed>();
            Section? section = SingleOfType(ShtGnuVerneed);
            if (section == null)
                return needs;
            Section strings = Linked(section);
            long at = (long)section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                Within(section, at, 16);
                if (U16(at) != 1)
                    throw new InvalidDataException("unknown vn_version " + U16(at));
                int count = U16(at + 2);
                string file = String(strings, U32(at + 4));
                long aux = at + U32(at + 8);
                for (int j = 0; j < count; j++)
                {
                    Within(section, aux, 16);
                    needs.Add(new VersionNeed(file, String(strings, U32(aux + 8)), U16(aux + 4), U16(aux + 6), aux + 4));
                    uint nextAux = U32(aux + 12);
                    if (nextAux == 0 && j + 1 < count)
                        throw new InvalidDataException("Vernaux chain of " + file + " ends early");
                    aux += nextAux;
                }
                uint next = U32(at + 12);
                if (next == 0 && i + 1 < section.Info)
                    throw new InvalidDataException("Verneed chain ends early");
                at += next;
            }
            return needs;
        }

        /// <summary>The names of every Verdef entry of the SHT_GNU_verdef section (.gnu.version_d), the soname included.</summary>
        public List<string> VersionDefinitions()
        {
            var names = new List<string>();
            Section? section = SingleOfType(ShtGnuVerdef);
            if (section == null)
                return names;
            Section strings = Linked(section);
            long at = (long)section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                Within(section, at, 20);
                if (U16(at) != 1)
                    throw new InvalidDataException("unknown vd_version " + U16(at));
                long aux = at + U32(at + 12);
                Within(section, aux, 8);
                names.Add(String(strings, U32(aux)));
                uint next = U32(at + 16);
                if (next == 0 && i + 1 < section.Info)
                    throw new InvalidDataException("Verdef chain ends early");
                at += next;
            }
            return names;
        }

        /// <summary>The .gnu.version indexes of every dynamic symbol that a REL/RELA relocation against .dynsym refers to.</summary>
        public HashSet<int> VersionIndexesBoundByRelocations()
        {
            int dynsymIndex = sections.FindIndex(s => s.Type == ShtDynsym);
            ushort[] versym = VersionSymbols();
            var bound = new HashSet<int>();
            foreach (Section s in sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsymIndex))
            {
                ulong entrySize = s.EntrySize != 0 ? s.EntrySize : (s.Type == ShtRela ? 24UL : 16UL);
                if (entrySize < 16)
                    throw new InvalidDataException("relocation entry size " + entrySize + " is too small");
                for (ulong at = s.Offset; at + entrySize <= s.Offset + s.Size; at += entrySize)
                {
                    ulong symbol = U64((long)at + 8) >> 32;
                    if (symbol == 0)
                        continue;
                    if (symbol >= (ulong)versym.Length)
                        throw new InvalidDataException("relocation refers to symbol " + symbol + " beyond .gnu.version");
                    bound.Add(versym[symbol] & 0x7fff);
                }
            }
            return bound;
        }

        /// <summary>Names of the dynamic symbols whose .gnu.version index is <paramref name="index"/>.</summary>
        public List<string> SymbolNamesOfVersion(int index)
        {
            Section dynsym = SingleOfType(ShtDynsym) ?? throw new InvalidDataException("no .dynsym section");
            Section strings = Linked(dynsym);
            ushort[] versym = VersionSymbols();
            var names = new List<string>();
            for (int i = 1; i < versym.Length && (ulong)(i + 1) * DynsymEntrySize <= dynsym.Size; i++)
                if ((versym[i] & 0x7fff) == index)
                    names.Add(String(strings, U32((long)dynsym.Offset + (long)i * DynsymEntrySize)));
            return names;
        }

        private ushort[] VersionSymbols()
        {
            Section section = SingleOfType(ShtGnuVersym) ?? throw new InvalidDataException("version needs but no .gnu.version section");
            var versym = new ushort[section.Size / 2];
            for (int i = 0; i < versym.Length; i++)
                versym[i] = U16((long)section.Offset + 2L * i);
            return versym;
        }

        private Section? SingleOfType(uint type)
        {
            List<Section> found = sections.Where(s => s.Type == type).ToList();
            if (found.Count > 1)
                throw new InvalidDataException(found.Count + " sections of type 0x" + type.ToString("x") + "; expected at most one");
            return found.Count == 1 ? found[0] : null;
        }

        private Section Linked(Section section)
        {
            if (section.Link >= sections.Count)
                throw new InvalidDataException("sh_link " + section.Link + " names no section");
            return sections[(int)section.Link];
        }

        private static void Within(Section section, long at, int length)
        {
            if (at < (long)section.Offset || at + length > (long)(section.Offset + section.Size))
                throw new InvalidDataException("entry at offset " + at + " runs outside its section");
        }

        private string String(Section strings, uint offset)
        {
            long start = (long)strings.Offset + offset, end = (long)(strings.Offset + strings.Size);
            if (offset >= strings.Size)
                throw new InvalidDataException("string offset " + offset + " lies outside its string table");
            long stop = start;
            while (stop < end && bytes[stop] != 0)
                stop++;
            if (stop == end)
                throw new InvalidDataException("unterminated string at offset " + start);
            return Encoding.ASCII.GetString(bytes, (int)start, (int)(stop - start));
        }

        private ushort U16(long at) => (ushort)(bytes[at] | bytes[at + 1] << 8);
        private uint U32(long at) => (uint)(bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | bytes[at + 3] << 24);
        private ulong U64(long at) => U32(at) | (ulong)U32(at + 4) << 32;

        private sealed class Section
        {
            public Section(uint type, ulong offset, ulong size, uint link, uint info, ulong entrySize)
            {
                Type = type;
                Offset = offset;
                Size = size;
                Link = link;
                Info = info;
                EntrySize = entrySize;
            }

            public uint Type { get; }
            public ulong Offset { get; }
            public ulong Size { get; }
            public uint Link { get; }
            public uint Info { get; }
            public ulong EntrySize { get; }
        }
    }
}
