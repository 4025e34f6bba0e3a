using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace EdgeOpt.Learning.PerDevice;

/// <summary>
/// K-fold cross-fitted gradient-boosted regression trees (ML.NET FastTree). The rows are split into K folds with
/// a seeded shuffle; model k learns every fold but k. A prediction is the mean of the K models (a small bagged
/// ensemble on overlapping K-1/K subsets). Each training row also gets an out-of-fold prediction from the one
/// model that did not see it; the empirical quantiles of the out-of-fold residuals (label - prediction) give a
/// prediction interval, as in split-conformal / CV+ prediction. Its coverage holds on average over inputs drawn
/// like the training rows (marginal, not per input); the mean of K models is usually a little more accurate than
/// the single held-out model that produced each residual, so the interval tends to be slightly wide. (Held-out
/// coverage of the nominal 90 % interval on the shared NAS-Bench-201 and FBNet data: 0.82 to 0.95, mostly 0.89
/// to 0.93.) Scoring uses the trees flattened into arrays (<see cref="CompiledTreeEnsemble"/>), blocks of rows
/// in parallel.
/// Immutable after fitting; prediction is thread-safe.
/// </summary>
internal sealed class CrossFittedTrees
{
    private const string LabelColumn = "Label";
    private const string FeaturesColumn = "Features";
    private const string ScoreColumn = "Score";
    private const int BlockSize = 256;

    private readonly MLContext _context;
    private readonly ITransformer[] _models;
    private readonly CompiledTreeEnsemble[] _compiled;
    private readonly SchemaDefinition _schema;

    private CrossFittedTrees(
        MLContext context, ITransformer[] models, CompiledTreeEnsemble[] compiled, SchemaDefinition schema, int featureCount,
        double[] outOfFold, double lowerResidual, double upperResidual)
    {
        _context = context;
        _models = models;
        _compiled = compiled;
        _schema = schema;
        FeatureCount = featureCount;
        OutOfFoldPredictions = outOfFold;
        LowerResidual = lowerResidual;
        UpperResidual = upperResidual;
    }

    public int FeatureCount { get; }

    /// <summary>The fold ensembles; for persistence.</summary>
    internal IReadOnlyList<CompiledTreeEnsemble> Ensembles => _compiled;

    /// <summary>
    /// Trees restored from their compiled ensembles (a saved model). They predict as the fitted ones did; only the
    /// ML.NET cross-check <see cref="PredictWithMlNet"/> is unavailable.
    /// </summary>
    internal static CrossFittedTrees Restore(
        CompiledTreeEnsemble[] compiled, int featureCount, double[] outOfFold, double lowerResidual, double upperResidual) =>
        new(new MLContext(0), [], compiled, SchemaFor(featureCount), featureCount, outOfFold, lowerResidual, upperResidual);

    /// <summary>Per training row, the prediction of the fold model that did not learn it.</summary>
    public IReadOnlyList<double> OutOfFoldPredictions { get; }

    /// <summary>Lower empirical quantile of the out-of-fold residuals (label - prediction), usually negative.</summary>
    public double LowerResidual { get; }

    /// <summary>Upper empirical quantile of the out-of-fold residuals.</summary>
    public double UpperResidual { get; }

    public static CrossFittedTrees Fit(IReadOnlyList<float[]> features, IReadOnlyList<float> labels, TreeSettings settings)
    {
        int n = features.Count;
        int width = features[0].Length;
        var context = new MLContext(settings.Seed);
        var schema = SchemaFor(width);

        int[] fold = FoldAssignment(n, settings.Folds, settings.Seed);
        var models = new ITransformer[settings.Folds];
        var compiled = new CompiledTreeEnsemble[settings.Folds];
        var outOfFold = new double[n];
        for (int k = 0; k < settings.Folds; k++)
        {
            var train = new List<TreeRow>(n);
            var heldOut = new List<int>();
            for (int i = 0; i < n; i++)
            {
                if (fold[i] == k) heldOut.Add(i);
                else train.Add(new TreeRow { Label = labels[i], Features = features[i] });
            }
            var trainer = context.Regression.Trainers.FastTree(TrainerOptions(settings, settings.Seed + 7919 * k));
            var model = trainer.Fit(context.Data.LoadFromEnumerable(train, schema));
            models[k] = model;
            compiled[k] = CompiledTreeEnsemble.From(model.Model);
            foreach (int i in heldOut) outOfFold[i] = compiled[k].Score(features[i]);
        }

        var residuals = new double[n];
        for (int i = 0; i < n; i++) residuals[i] = labels[i] - outOfFold[i];
        Array.Sort(residuals);
        double tail = (1.0 - settings.IntervalCoverage) / 2.0;
        return new CrossFittedTrees(
            context, models, compiled, schema, width, outOfFold,
            EmpiricalQuantile(residuals, tail), EmpiricalQuantile(residuals, 1.0 - tail));
    }

    /// <summary>Mean prediction of the fold models for each row; blocks of rows are scored in parallel.</summary>
    public double[] Predict(IReadOnlyList<float[]> features)
    {
        var rows = features.ToArray();
        for (int i = 0; i < rows.Length; i++)
            if (rows[i].Length != FeatureCount)
                throw new ArgumentException($"row {i} has {rows[i].Length} features; the trees were trained on {FeatureCount}", nameof(features));
        var means = new double[rows.Length];
        int blocks = (rows.Length + BlockSize - 1) / BlockSize;
        void ScoreBlock(int block)
        {
            int start = block * BlockSize, count = Math.Min(BlockSize, rows.Length - start);
            var matrix = new float[count * FeatureCount];
            for (int r = 0; r < count; r++) rows[start + r].CopyTo(matrix, r * FeatureCount);
            var sums = means.AsSpan(start, count);
            foreach (var ensemble in _compiled) ensemble.AddScores(matrix, FeatureCount, sums);
            foreach (ref var sum in sums) sum /= _compiled.Length;
        }
        if (blocks <= 1) ScoreBlock(0);
        else Parallel.For(0, blocks, ScoreBlock);
        return means;
    }

    /// <summary>
    /// The same mean computed by ML.NET's own scoring (transforming a data view with each fold model); slower, kept
    /// to check that <see cref="CompiledTreeEnsemble"/> agrees with it.
    /// </summary>
    internal double[] PredictWithMlNet(IReadOnlyList<float[]> features)
    {
        if (_models.Length == 0)
            throw new InvalidOperationException("these trees were loaded from a file: only their compiled form exists");
        var means = new double[features.Count];
        foreach (var model in _models)
        {
            var rows = features.Select(f => new TreeRow { Features = f });
            var scores = model.Transform(_context.Data.LoadFromEnumerable(rows, _schema)).GetColumn<float>(ScoreColumn).ToArray();
            for (int i = 0; i < means.Length; i++) means[i] += scores[i] / (double)_models.Length;
        }
        return means;
    }

    private static FastTreeRegressionTrainer.Options TrainerOptions(TreeSettings settings, int seed) => new()
    {
        LabelColumnName = LabelColumn,
        FeatureColumnName = FeaturesColumn,
        NumberOfTrees = settings.NumberOfTrees,
        NumberOfLeaves = settings.NumberOfLeaves,
        LearningRate = settings.LearningRate,
        MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
        FeatureFraction = settings.FeatureFraction,
        Seed = seed,
        FeatureSelectionSeed = seed,
    };

    /// <summary>Fold of each row: a seeded shuffle of the rows dealt round-robin, so fold sizes differ by at most one.</summary>
    private static int[] FoldAssignment(int count, int folds, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var fold = new int[count];
        for (int position = 0; position < count; position++) fold[order[position]] = position % folds;
        return fold;
    }

    /// <summary>Linear interpolation between order statistics of sorted values (type 7, as R and numpy default).</summary>
    private static double EmpiricalQuantile(double[] sorted, double probability)
    {
        double position = probability * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static SchemaDefinition SchemaFor(int width)
    {
        var schema = SchemaDefinition.Create(typeof(TreeRow));
        schema[nameof(TreeRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private sealed class TreeRow
    {
        public float Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
