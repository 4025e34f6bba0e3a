using EdgeOpt.Core.Spaces;
using EdgeOpt.Server.Tests.TestSupport;
using Grpc.Core;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Optimization;

/// <summary>Energy through the server: predicted from a metered device's own measurements, held to a budget, never invented.</summary>
[Collection(OptimizerCollection.Name)]
public sealed class EnergyTests
{
    private static readonly ISearchSpace Nb201 = SearchSpaces.Get("nb201");

    [Fact]
    public async Task Predict_MeteredDevice_AnswersEnergyFiguresWithIntervalsNearTheTruth()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = await EnergyFleet.MeteredDeviceAsync(fleet, "metered");
        var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = device.Id } };
        request.Metrics.Add(Wire.Metric.Energy);
        var archs = new[] { 100, 2000, 7000, 12000 }.Select(i => Nb201.Format(Nb201.Enumerate().ElementAt(i))).ToArray();
        request.Targets.Add(archs.Select(a => new Wire.PredictTarget { Design = new Wire.Design { Space = "nb201", Arch = a } }));

        var response = await fleet.Predictor(TestFleet.OperatorSecret).PredictAsync(request);

        Assert.Equal(archs.Length, response.Predictions.Count);
        for (var i = 0; i < archs.Length; i++)
        {
            var energy = response.Predictions[i].EnergyMj;
            Assert.NotNull(energy);
            Assert.Null(response.Predictions[i].LatencyMs);
            Assert.Equal(Wire.Provenance.Predicted, energy.Provenance);
            Assert.Contains("energy measurement", energy.Source);
            Assert.True(energy.Lower < energy.Value && energy.Value < energy.Upper, $"{archs[i]}: {energy}");
            var truth = EnergyFleet.EnergyMj(archs[i]);
            Assert.True(Math.Abs(energy.Value / truth - 1) < 0.25, $"{archs[i]}: predicted {energy.Value:F3} mJ, true {truth:F3} mJ");
        }
    }

    [Fact]
    public async Task Predict_DeviceWithoutEnergy_FailedPreconditionNamesTheDeviceAndItsMissingMeter()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "unmetered");
        var request = new Wire.PredictRequest { Device = new Wire.DeviceRef { DeviceId = device.Id } };
        request.Metrics.Add(Wire.Metric.Energy);
        request.Targets.Add(new Wire.PredictTarget { Design = new Wire.Design { Space = "nb201", Arch = Nb201.Format(Nb201.Enumerate().First()) } });
        var predictor = fleet.Predictor(TestFleet.OperatorSecret);

        var error = await Assert.ThrowsAsync<RpcException>(() => predictor.PredictAsync(request).ResponseAsync);
        request.Metrics.Clear();
        var withoutMetrics = await predictor.PredictAsync(request);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains(device.Id, error.Status.Detail);
        Assert.Contains("no energy meter", error.Status.Detail);
        Assert.Null(Assert.Single(withoutMetrics.Predictions).EnergyMj); // default metrics: energy only where measured
    }

    [Fact]
    public async Task Optimize_EnergyBudget_AnswersADesignPredictedWithinIt()
    {
        const double budgetMj = 8.0;
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = await EnergyFleet.MeteredDeviceAsync(fleet, "metered");
        var optimizer = fleet.Optimizer(TestFleet.OperatorSecret);
        var free = OptimizerFleet.Request(device.Id, 20.0);
        free.Objective = new Wire.Objective { AccuracyWeight = 1, EnergyWeight = 0.01 }; // energy weighed: answers carry energy
        var bounded = OptimizerFleet.Request(device.Id, 20.0);
        bounded.Budgets.EnergyMj = budgetMj;

        var unbounded = await optimizer.OptimizeAsync(free);
        var response = await optimizer.OptimizeAsync(bounded);

        Assert.True(unbounded.Designs[0].EnergyMj.Value > budgetMj, $"the budget should bind: without it the answer takes {unbounded.Designs[0].EnergyMj.Value:F2} mJ");
        var answer = Assert.Single(response.Designs);
        Assert.Equal(Wire.Provenance.Predicted, answer.EnergyMj.Provenance);
        Assert.True(answer.EnergyMj.Value <= budgetMj, $"predicted {answer.EnergyMj.Value:F3} mJ exceeds the {budgetMj} mJ budget");
        Assert.True(answer.EnergyMj.Lower <= answer.EnergyMj.Value && answer.EnergyMj.Value <= answer.EnergyMj.Upper, $"{answer.EnergyMj}"); // a measured answer's interval is its measurement
        Assert.True(EnergyFleet.EnergyMj(answer.Design.Arch) <= budgetMj * 1.1, $"{answer.Design.Arch} truly takes {EnergyFleet.EnergyMj(answer.Design.Arch):F3} mJ");
        Assert.Contains(response.Notes, n => n.StartsWith("energy: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Optimize_EnergyBudgetOnADeviceWithoutEnergy_FailedPreconditionNamesTheField()
    {
        await using var fleet = await OptimizerFleet.StartAsync();
        var device = await OptimizerFleet.MeasuredDeviceAsync(fleet, "unmetered");
        var request = OptimizerFleet.Request(device.Id, 20.0);
        request.Budgets.EnergyMj = 8.0;

        var error = await Assert.ThrowsAsync<RpcException>(() => fleet.Optimizer(TestFleet.OperatorSecret).OptimizeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("budgets.energy_mj", error.Status.Detail);
        Assert.Contains($"device '{device.Id}' has no energy meter", error.Status.Detail);
    }
}
