using System.Globalization;
using Grpc.Core;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Quickstart;

/// <summary>
/// Quickstart step: asking the Optimizer for this machine, first the predicted Pareto front (optional: a refusal
/// becomes a note), then the best design under the budget, verified on this machine by the server before it answers
/// and returned with its ONNX model.
/// </summary>
internal sealed class QuickstartOptimization(QuickstartSteps steps, Wire.Optimizer.OptimizerClient optimizer, string deviceId)
{
    public async Task<IReadOnlyList<Wire.DesignResult>> ParetoAsync(double budget, CancellationToken ct)
    {
        var request = Request(budget * 4);
        request.Pareto = true;
        try
        {
            Wire.OptimizeResponse? response = null;
            await steps.Console.Status().StartAsync("Predicting the Pareto front (accuracy against latency)", async _ =>
                response = await optimizer.OptimizeAsync(request, deadline: DateTime.UtcNow.AddMinutes(5), cancellationToken: ct));
            steps.Done($"Pareto front: {response!.Designs.Count} designs");
            return response.Designs;
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            steps.Notes.Add($"No Pareto front: the optimizer answered {e.StatusCode}: {e.Status.Detail}");
            return [];
        }
    }

    /// <summary>The answer under <paramref name="budget"/>, verified on this machine, with the chosen design's ONNX model.</summary>
    public async Task<Wire.OptimizeResponse> OptimizeAsync(double budget, CancellationToken ct)
    {
        var request = Request(budget);
        request.VerifyOnDevice = true;
        request.IncludeOnnx = true;
        Wire.OptimizeResponse? result = null;
        await steps.Console.Status().StartAsync($"Optimizing for this machine under {budget.ToString("0.###", CultureInfo.InvariantCulture)} ms", async status =>
        {
            using var call = optimizer.OptimizeStream(request, deadline: DateTime.UtcNow.AddMinutes(15), cancellationToken: ct);
            while (await call.ResponseStream.MoveNext(ct))
            {
                var progress = call.ResponseStream.Current;
                status.Status($"Optimizing for this machine: {progress.Stage}{(progress.Stage == "verification" ? " (benchmarking the design here)" : "")}");
                if (progress.Result is { } r) result = r;
            }
        });
        if (result is null || result.Designs.Count == 0) throw new QuickstartException("the optimizer finished without a design");
        steps.Done($"chosen by {result.Optimizer}: {result.Designs[0].Design.Arch}");
        return result;
    }

    private Wire.OptimizeRequest Request(double budget) => new()
    {
        Device = new Wire.DeviceRef { DeviceId = deviceId },
        Space = steps.Settings.Space,
        Budgets = new Wire.Budgets { LatencyMs = budget },
        Objective = new Wire.Objective { AccuracyWeight = 1, AccuracyDataset = steps.Settings.Dataset },
        Seed = steps.Settings.Seed,
    };
}
