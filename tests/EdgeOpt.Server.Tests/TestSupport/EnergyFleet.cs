using EdgeOpt.Core.Networks;
using EdgeOpt.Core.Spaces;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.TestSupport;

/// <summary>
/// An nb201 device of an <see cref="OptimizerFleet"/> whose agent has an energy meter: each signature report carries
/// energy (1 mJ plus 0.12 mJ per million multiply-adds, total per inference) beside its latency.
/// </summary>
public static class EnergyFleet
{
    public static double EnergyMj(string arch) => 1.0 + GraphFeatures.Of(SearchSpaces.Get("nb201").Parse(arch)).MultiplyAdds / 1e6 * 0.12;

    /// <summary>Registers and enrolls an nb201 device and reports its signature set with energy.</summary>
    public static async Task<Scenario.Registered> MeteredDeviceAsync(TestFleet fleet, string name)
    {
        var device = await Scenario.RegisterAndEnrollAsync(fleet, name, "nb201");
        var jobs = await Scenario.TakeAsync(fleet, device.AgentToken, count: 10, concurrency: 10);
        var reports = jobs.Select(j =>
        {
            var report = Scenario.ReportFor(j, OptimizerFleet.LatencyMs(j.Design.Arch));
            report.Measurement.Energy = new Wire.EnergyStats { TotalMj = EnergyMj(j.Design.Arch), Samples = 40, Meter = "rapl", Rail = "package" };
            return report;
        }).ToArray();
        await fleet.Agent(device.AgentToken).ReportMeasurementsAsync(Scenario.Batch($"signature-{name}", reports));
        return device;
    }
}
