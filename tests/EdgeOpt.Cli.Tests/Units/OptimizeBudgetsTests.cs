using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.Commands;

namespace EdgeOpt.Cli.Tests.Units;

/// <summary>`edgeopt optimize`'s budgets: --latency-ms always, --energy-mj only when given.</summary>
public sealed class OptimizeBudgetsTests
{
    [Fact]
    public void Budgets_WithoutEnergy_LeaveEnergyUnset()
    {
        var budgets = OptimizeCommand.Budgets(5, null);

        Assert.Equal(5, budgets.LatencyMs);
        Assert.False(budgets.HasEnergyMj);
    }

    [Fact]
    public void Budgets_WithEnergy_SendEnergyMj()
    {
        var budgets = OptimizeCommand.Budgets(5, 42.5);

        Assert.True(budgets.HasEnergyMj);
        Assert.Equal(42.5, budgets.EnergyMj);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Budgets_NonPositiveEnergy_NamesTheOptionAndTheAllowedValues(double energy)
    {
        var error = Assert.Throws<CliUsageException>(() => OptimizeCommand.Budgets(5, energy));

        Assert.Contains("--energy-mj", error.Message);
        Assert.Contains("finite energy > 0", error.Message);
    }
}
