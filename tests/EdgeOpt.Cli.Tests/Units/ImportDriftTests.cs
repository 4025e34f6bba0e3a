using System.Globalization;
using EdgeOpt.Cli.Import;
using EdgeOpt.Core.Spaces;

namespace EdgeOpt.Cli.Tests.Units;

/// <summary>What `edgeopt import` warns about before it sends anything: device columns recorded while the device drifted.</summary>
public sealed class ImportDriftTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"edgeopt-drift-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void FindDrift_NamesTheColumnWhoseLatenciesFollowTheRowOrder()
    {
        // 800 random NAS-Bench-201 cells, additive in their edges: "steady" as is, "drifting" slowed by a slow swing in row order.
        var space = SearchSpaces.Nb201;
        var random = new Random(3);
        var effects = Enumerable.Range(0, space.DecisionCount).Select(d => space.OptionsAt(d).Select(_ => 0.3 * random.NextDouble()).ToArray()).ToArray();
        var lines = new List<string> { "arch,steady,drifting" };
        foreach (var (architecture, row) in ArchitectureSampling.Distinct(space, 800, 4).Select((a, i) => (a, i)))
        {
            var log = Math.Log(5) + architecture.Choices.Select((c, d) => effects[d][c]).Sum();
            var swing = 0.3 * Math.Sin(2 * Math.PI * row / 80);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{space.Format(architecture)},{Math.Exp(log):R},{Math.Exp(log + swing):R}"));
        }
        File.WriteAllLines(_path, lines);

        var drifted = ImportPlan.Load(_path, space.Id).FindDrift(CancellationToken.None);

        Assert.Equal(["drifting"], drifted.Select(d => d.Device));
    }
}
