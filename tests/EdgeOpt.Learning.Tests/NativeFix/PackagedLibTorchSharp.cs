using System.Reflection;

namespace EdgeOpt.Learning.Tests.NativeFix;

/// <summary>The untouched libLibTorchSharp.so of the restored TorchSharp package; tests only ever copy it.</summary>
internal static class PackagedLibTorchSharp
{
    public const string GccThirteenVersion = "GLIBCXX_3.4.32";

    public static string PathInPackage { get; } =
        typeof(PackagedLibTorchSharp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PackagedLibTorchSharp").Value
        ?? throw new InvalidOperationException("the build did not embed the packaged libLibTorchSharp.so path");

    /// <summary>Copies the packaged library into <paramref name="directory"/> and returns the copy's path.</summary>
    public static string CopyTo(string directory, string name = "libLibTorchSharp.so")
    {
        string copy = Path.Combine(directory, name);
        File.Copy(PathInPackage, copy);
        return copy;
    }
}
