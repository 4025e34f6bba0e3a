namespace EdgeOpt.Learning.Accuracy;

/// <summary>
/// A predicted top-1 accuracy in percent with its interval (<see cref="Lower"/> &lt;= <see cref="Top1"/> &lt;=
/// <see cref="Upper"/>, all within 0..100); nominal coverage is the model's <see cref="AccuracyModel.IntervalCoverage"/>.
/// </summary>
public readonly record struct AccuracyPrediction(double Top1, double Lower, double Upper);
