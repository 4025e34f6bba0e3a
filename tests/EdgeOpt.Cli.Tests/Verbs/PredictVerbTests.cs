using EdgeOpt.Cli.Tests.Support;
using EdgeOpt.Core.Spaces;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Tests.Verbs;

/// <summary>
/// `edgeopt predictor train|card` and `edgeopt predict` against a real server process whose devices reported synthetic
/// NAS-Bench-201 latencies (a per-operator cost model per device), trained with ridge.
/// </summary>
public sealed class PredictVerbTests : IAsyncLifetime
{
    private static readonly string[] Cells = SearchSpaces.Nb201.Enumerate().Where((_, i) => i % 97 == 0).Select(SearchSpaces.Nb201.Format).ToArray();
    private readonly TempFolder _temp = new();
    private ServerProcess? _server;

    private ServerProcess Server => _server!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(
        _temp.Combine("edgeopt-data"), 0,
        "--EdgeOpt:Server:PredictorMethod=ridge", $"--EdgeOpt:Server:ModelsDirectory={_temp.Combine("no-models")}");

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task TrainThenPredict_WritesTheCardAndEveryPredictionWithItsInterval()
    {
        var a = await DeviceWithLatenciesAsync("cpu-a", scale: 1.0);
        await DeviceWithLatenciesAsync("cpu-b", scale: 2.5);
        string json = _temp.Combine("out", "predictions.json");

        var trained = (await EdgeOptCli.AgainstAsync(Server, "predictor", "train", "--space", "nb201", "--seed", "4")).Succeeded();
        var card = (await EdgeOptCli.AgainstAsync(Server, "predictor", "card", "--space", "nb201", "--json")).Succeeded().Json;
        var predicted = (await EdgeOptCli.AgainstAsync(Server,
            "predict", "--device", "cpu-a", "--space", "nb201", "--arch", Cells[1], "--arch", Cells[2], "--level", "0.8", "--json", json)).Succeeded();

        Assert.Contains(trained.Output, l => l.Contains("training ridge on 2 device(s)"));
        Assert.Contains(trained.Output, l => l.Contains("nb201-latency v1"));
        Assert.Equal(1, card["version"]!.GetValue<int>());
        Assert.Equal("ridge", card["method"]!.GetValue<string>());
        Assert.Contains("2 predictions for cpu-a", predicted.Stdout);
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(a, file["device"]!.GetValue<string>());
        var predictions = file["predictions"]!.AsArray();
        Assert.Equal([Cells[1], Cells[2]], predictions.Select(p => p!["arch"]!.GetValue<string>()));
        Assert.All(predictions, p =>
        {
            var latency = p!["latency_ms"]!;
            Assert.InRange(latency["value"]!.GetValue<double>(), latency["lower"]!.GetValue<double>(), latency["upper"]!.GetValue<double>());
            Assert.Equal(0.8, latency["interval_level"]!.GetValue<double>());
            Assert.Equal("ridge/v1", latency["source"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Predict_WithoutArchOrAll_OrWithABadLevel_IsAUsageError()
    {
        var neither = await EdgeOptCli.AgainstAsync(Server, "predict", "--device", "any", "--space", "nb201");
        var badLevel = await EdgeOptCli.AgainstAsync(Server, "predict", "--device", "any", "--all", "--level", "1.5");

        CliAssert.OneErrorLine(neither, 2, "--arch", "--all");
        CliAssert.OneErrorLine(badLevel, 2, "--level", "strictly between 0 and 1");
    }

    [Fact]
    public async Task PredictorCard_WithoutAnyVersion_SaysHowToTrainOne()
    {
        var result = await EdgeOptCli.AgainstAsync(Server, "predictor", "card", "--space", "fbnet");

        CliAssert.OneErrorLine(result, 1, "fbnet-latency", "edgeopt predictor train --space fbnet");
    }

    /// <summary>A device whose agent reports every <see cref="Cells"/> latency ad hoc: a per-operator cost times a scale.</summary>
    private async Task<string> DeviceWithLatenciesAsync(string name, double scale)
    {
        var registered = await Server.Fleet.RegisterDeviceAsync(new Wire.RegisterDeviceRequest { Name = name, Spaces = { "convnet" } });
        var agent = Server.Agent(registered.AgentToken);
        await agent.EnrollAsync(new Wire.EnrollRequest { Mode = "replay", AgentVersion = "test" });
        var request = new Wire.ReportMeasurementsRequest { IdempotencyKey = $"{name}-all" };
        foreach (string cell in Cells)
        {
            request.Reports.Add(new Wire.MeasurementReport
            {
                Measurement = new Wire.Measurement
                {
                    Design = new Wire.Design { Space = "nb201", Arch = cell },
                    Latency = new Wire.LatencyStats { MedianMs = scale * Cost(cell), Runs = 20 },
                    Provenance = Wire.Provenance.Replayed,
                },
            });
        }
        await agent.ReportMeasurementsAsync(request);
        return registered.Device.Id;
    }

    private static double Cost(string cell) =>
        1.0 + 0.8 * Count(cell, "nor_conv_3x3") + 0.3 * Count(cell, "nor_conv_1x1") + 0.1 * Count(cell, "avg_pool_3x3") + 0.02 * Count(cell, "skip_connect");

    private static int Count(string text, string op) => (text.Length - text.Replace(op, "").Length) / op.Length;
}
