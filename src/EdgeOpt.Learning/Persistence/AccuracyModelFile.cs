using EdgeOpt.Learning.Accuracy;
using EdgeOpt.Learning.PerDevice;

namespace EdgeOpt.Learning.Persistence;

/// <summary>
/// Saves a trained accuracy predictor (<see cref="AccuracyModel"/>) and loads it back; the loaded model predicts the
/// same means and intervals. The fold models are stored in their compiled (flattened tree) form. Format
/// "edgeopt-accuracy-model" (see <see cref="ModelWriter"/>).
/// </summary>
public static class AccuracyModelFile
{
    public const string Format = "edgeopt-accuracy-model";

    /// <summary>Increment on any change to what is written.</summary>
    public const int Version = 1;

    internal const string Kind = "accuracy model file";

    public static void Save(AccuracyModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new ModelWriter(stream, Format, Version);
        writer.String("space", model.Space.Id);
        writer.String("featureSet", model.FeatureSet.ToString());
        writer.Strings("featureNames", model.FeatureNames.ToArray());
        writer.Double("intervalCoverage", model.IntervalCoverage);
        writer.Int("trainingCount", model.TrainingCount);
        var trees = model.Trees;
        writer.Doubles("outOfFold", trees.OutOfFoldPredictions.ToArray());
        writer.Double("lowerResidual", trees.LowerResidual);
        writer.Double("upperResidual", trees.UpperResidual);
        writer.Int("folds", trees.Ensembles.Count);
        foreach (var ensemble in trees.Ensembles)
        {
            var p = ensemble.Parts;
            writer.Double("fold.bias", p.Bias);
            writer.Ints("fold.roots", p.Roots);
            writer.Ints("fold.features", p.Features);
            writer.Floats("fold.thresholds", p.Thresholds);
            writer.Ints("fold.left", p.Left);
            writer.Ints("fold.right", p.Right);
            writer.Doubles("fold.leaves", p.Leaf);
        }
        writer.Finish();
    }

    /// <summary>Reads a model written by <see cref="Save"/>; <see cref="InvalidDataException"/> names the field on bad input.</summary>
    public static AccuracyModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = ModelReader.Open(stream, Kind, Format, Version);
        var space = LatencyModelFile.ReadSpace(reader, "space");
        var setText = reader.String("featureSet");
        if (!Enum.TryParse<ArchitectureFeatureSet>(setText, out var featureSet) || featureSet == ArchitectureFeatureSet.Auto)
            throw reader.Bad("featureSet", $"is '{setText}'; allowed: {ArchitectureFeatureSet.Encoding}, {ArchitectureFeatureSet.EncodingAndCellStructure}");
        ArchitectureFeatures features;
        try { features = ArchitectureFeatures.For(space, ArchitectureFeatures.Resolve(space, featureSet, nameof(AccuracyModelFile))); }
        catch (ArgumentException e) { throw reader.Bad("featureSet", e.Message); }
        var names = reader.Strings("featureNames");
        if (!names.SequenceEqual(features.Names))
            throw reader.Bad("featureNames",
                $"lists {names.Length} features that differ from this build's {features.Names.Count} for '{space.Id}' ({featureSet}): regenerate the model");
        var coverage = reader.FiniteDouble("intervalCoverage");
        if (!(coverage > 0 && coverage < 1)) throw reader.Bad("intervalCoverage", $"is {coverage}; allowed: strictly between 0 and 1");
        var trainingCount = reader.Int("trainingCount", 1, int.MaxValue);
        var outOfFold = reader.Doubles("outOfFold", trainingCount);
        var lower = reader.FiniteDouble("lowerResidual");
        var upper = reader.FiniteDouble("upperResidual");
        var folds = reader.Int("folds", 1, 100);
        var ensembles = new CompiledTreeEnsemble[folds];
        for (var k = 0; k < folds; k++)
        {
            var bias = reader.FiniteDouble("fold.bias");
            var roots = reader.Ints("fold.roots");
            var splitFeatures = reader.Ints("fold.features");
            var thresholds = reader.Floats("fold.thresholds", splitFeatures.Length);
            var left = reader.Ints("fold.left", splitFeatures.Length);
            var right = reader.Ints("fold.right", splitFeatures.Length);
            var leaves = reader.Doubles("fold.leaves");
            try { ensembles[k] = CompiledTreeEnsemble.Restore(bias, roots, splitFeatures, thresholds, left, right, leaves, names.Length); }
            catch (ArgumentException e) { throw reader.Bad("fold", $"{k} is not a valid tree ensemble: {e.Message}"); }
        }
        reader.Finish();
        var trees = CrossFittedTrees.Restore(ensembles, names.Length, outOfFold, lower, upper);
        return new AccuracyModel(space, featureSet, features, trees, coverage, trainingCount);
    }

    public static void Save(AccuracyModel model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var stream = File.Create(path);
        Save(model, stream);
    }

    public static AccuracyModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"no accuracy model at {Path.GetFullPath(path)}", path);
        using var stream = File.OpenRead(path);
        try { return Load(stream); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{Path.GetFullPath(path)}: {e.Message}", e); }
    }
}
