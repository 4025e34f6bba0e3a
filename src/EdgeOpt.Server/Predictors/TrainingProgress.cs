namespace EdgeOpt.Server.Predictors;

/// <summary>One step of a training: how far (0..1) and what it is doing.</summary>
public sealed record TrainingProgress(double Fraction, string Stage);

/// <summary>What to train: a space, its devices (empty = all with measurements there) and a seed.</summary>
public sealed record TrainingPlan(string Space, IReadOnlyList<string> DeviceIds, long Seed);
