using System.CommandLine;
using System.Globalization;
using EdgeOpt.Cli.Client;
using EdgeOpt.Core.Spaces;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>`edgeopt predictor train|card`: train a new version of a space's latency predictor; show a version's card.</summary>
internal static class PredictorCommand
{
    public static Command Create() => new("predictor", "Train the server's latency predictors and read their model cards.")
    {
        Train(),
        Card(),
    };

    private static Command Train()
    {
        var client = new ClientOptions();
        var space = new Option<string>("--space") { Description = $"Search space: {string.Join(", ", SearchSpaces.Ids)}.", DefaultValueFactory = _ => "nb201" };
        var devices = new Option<string[]>("--device") { Description = "Train on this device, by id or name (repeatable; default: every device with measurements).", HelpName = "ID" };
        var seed = new Option<long>("--seed") { Description = "Seed of the training.", DefaultValueFactory = _ => 0 };
        var command = new Command("train", "Train a new predictor version from the server's measurements; it becomes the latest.") { space, devices, seed };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            var request = new Wire.TrainRequest { Space = parse.GetValue(space)!, Seed = parse.GetValue(seed), Target = Wire.Metric.Latency };
            foreach (var wanted in parse.GetValue(devices) ?? [])
                request.DeviceIds.Add((await DeviceLookup.FindAsync(connection, wanted, token)).Id);
            // Training takes a while: the deadline covers the stream, not one message.
            using var call = connection.Predictor.Train(request, deadline: DateTime.UtcNow + TimeSpan.FromHours(2) + connection.Settings.Timeout, cancellationToken: token);
            Wire.ModelCard? card = null;
            while (await call.ResponseStream.MoveNext(token))
            {
                var progress = call.ResponseStream.Current;
                if (!connection.Settings.Json)
                    CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{progress.Fraction,4:P0}] {progress.Stage}"));
                if (progress.Card is not null) card = progress.Card;
            }
            if (card is null)
            {
                CliConsole.WriteError("the training ended without a model card");
                return FleetCall.ServerError;
            }
            Show(card, connection.Settings.Json);
            return 0;
        }, ct));
        return command;
    }

    private static Command Card()
    {
        var client = new ClientOptions();
        var space = new Option<string>("--space") { Description = "Search space of the latency predictor.", DefaultValueFactory = _ => "nb201" };
        var version = new Option<int>("--version") { Description = "Version to show (0 = latest).", DefaultValueFactory = _ => 0 };
        var command = new Command("card", "Show a predictor version's model card.") { space, version };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            var card = await connection.Predictor.GetModelCardAsync(
                new Wire.GetModelCardRequest { PredictorId = $"{parse.GetValue(space)}-latency", Version = parse.GetValue(version) },
                deadline: connection.Deadline(), cancellationToken: token);
            Show(card, connection.Settings.Json);
            return 0;
        }, ct));
        return command;
    }

    private static void Show(Wire.ModelCard card, bool json)
    {
        if (json)
        {
            CliConsole.WriteJson(card);
            return;
        }
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string key, string value) => grid.AddRow(new Text(key, new Style(decoration: Decoration.Bold)), new Text(value));
        Row("predictor", $"{card.PredictorId} v{card.Version}");
        Row("method", card.Method);
        Row("space", card.Space);
        Row("devices", card.Devices.Count == 0 ? "-" : string.Join(", ", card.Devices));
        Row("training rows", card.TrainingRows.ToString(CultureInfo.InvariantCulture));
        Row("scores", card.Scores.Count == 0 ? "-" : string.Join(", ", card.Scores.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}={s.Value:0.####}"))));
        Row("created", Display.Time(card.CreatedUnixMs));
        Row("reproduce", card.Reproduce.Length == 0 ? "-" : card.Reproduce);
        CliConsole.Out.Write(grid);
    }
}
