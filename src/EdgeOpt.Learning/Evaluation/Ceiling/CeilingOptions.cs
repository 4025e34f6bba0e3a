using System.Globalization;

namespace EdgeOpt.Learning.Evaluation.Ceiling;

/// <summary>Settings of <see cref="AdditiveCeiling"/>; <see cref="Validate"/> names the field and its allowed values.</summary>
public sealed record CeilingOptions
{
    public const double MaxHoldout = 0.9;

    /// <summary>Share of each device's rows held out for the holdout figures, in (0, 0.9].</summary>
    public double Holdout { get; init; } = 0.2;

    /// <summary>Rows on each side of a row whose mean residual is its drift (file order), at least 1.</summary>
    public int Window { get; init; } = 10;

    /// <summary>Seed of the holdout split and of the shuffled order.</summary>
    public int Seed { get; init; }

    /// <summary>Ridge penalty on the one-hot coefficients (the intercept is not penalized), finite and >= 0.</summary>
    public double Penalty { get; init; } = 1e-3;

    public void Validate()
    {
        if (!(Holdout > 0 && Holdout <= MaxHoldout))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"holdout {Holdout} is outside (0, {MaxHoldout}]: the share of rows held out, e.g. 0.2"));
        if (Window < 1)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"window {Window}: rows on each side of the drift mean, an integer >= 1"));
        if (!(Penalty >= 0) || !double.IsFinite(Penalty))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"penalty {Penalty}: a finite ridge penalty >= 0, e.g. 0.001"));
    }
}
