using System.Reflection;

namespace EdgeOpt.Cli.Tests.Support;

/// <summary>
/// ONNX models exported by other tools that a NuGet package of the test project ships: the ML.NET package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 holds a ResNet18 exported by CNTK 2.6 (IR 3, opset 8, input
/// [1, 3, 224, 224]) and an ImageNet preprocessing graph exported by ML.NET (TLC). Read in the restored package folder,
/// whose path the build embeds (assembly metadata "ResNet18PackageFolder").
/// </summary>
public static class PackagedModels
{
    private static readonly string Folder = typeof(PackagedModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "ResNet18PackageFolder")?.Value ?? "";

    public static string ResNet18 => Path.Combine(Folder, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    public static string ResNetPreprocess => Path.Combine(Folder, "tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>Why the packaged models cannot be read, or null when they can.</summary>
    public static string? MissingReason =>
        File.Exists(ResNet18) && File.Exists(ResNetPreprocess)
            ? null
            : $"the restored package Microsoft.ML.DnnImageFeaturizer.ResNet18 has no model at '{ResNet18}' (restore the test project)";
}

/// <summary>A fact that needs <see cref="PackagedModels"/>: skipped, saying why, when the package folder lacks them.</summary>
public sealed class PackagedModelFactAttribute : FactAttribute
{
    public PackagedModelFactAttribute()
    {
        if (PackagedModels.MissingReason is { } reason) Skip = reason;
    }
}
