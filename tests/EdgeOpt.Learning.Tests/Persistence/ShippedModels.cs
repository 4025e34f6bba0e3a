using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Learning.Tests.Persistence;

/// <summary>The repository's models/ folder (found by walking up to EdgeOpt.sln from the test's base directory).</summary>
internal static class ShippedModels
{
    public static string Folder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "EdgeOpt.sln")))
                return Path.Combine(directory.FullName, PretrainedModels.FolderName);
        throw new InvalidOperationException($"no EdgeOpt.sln above {AppContext.BaseDirectory}");
    }
}
