using System.Globalization;
using EdgeOpt.Core.Datasets;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Core.Statistics;
using EdgeOpt.Learning.Latency;
using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Predictors;

/// <summary>
/// Trains a new version of a space's latency predictor from the store's fp32 measurements of the chosen devices,
/// scores it quickly (leave one device out on up to <see cref="ServerOptions.TrainScoreDevices"/> devices: train on
/// the others, measure K = <see cref="ServerOptions.SignatureSetSize"/> architectures the model chooses among the
/// held-out device's measured ones, Spearman of predicted vs measured over the rest) and stores it as the latest.
/// Synchronous and CPU-bound: callers run it off the request thread.
/// </summary>
public sealed class PredictorTraining(
    IFleetStore store,
    PredictorCatalog catalog,
    MeasurementEpochs measurements,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<PredictorTraining> logger)
{
    /// <summary>Fewest measurements a held-out device needs beyond K to be scored.</summary>
    public const int ScoreHoldoutMinimum = 5;

    public LoadedPredictor Train(TrainingPlan plan, IProgress<TrainingProgress> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var space = DesignRules.RequireSpace(plan.Space, "space");
        progress.Report(new TrainingProgress(0.02, $"collecting {space.Id} measurements"));
        var devices = Devices(space, plan.DeviceIds);
        var data = ProxyDevices.Table(space, devices);
        string method = Method(space);
        int seed = unchecked((int)plan.Seed);
        ct.ThrowIfCancellationRequested();

        progress.Report(new TrainingProgress(0.1,
            $"training {method} on {devices.Count} device(s), {data.Architectures.Count} architectures, {devices.Sum(d => d.Observations.Count)} measurements"));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var model = LatencyMethods.Create(method, seed).Fit(data, ct);
        double trainSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;

        var scores = new Dictionary<string, double> { ["train_seconds"] = Math.Round(trainSeconds, 3) };
        Score(space, method, seed, devices, scores, progress, ct);

        progress.Report(new TrainingProgress(0.95, "storing the new version"));
        var ids = devices.Select(d => d.Id).ToArray();
        string reproduce = $"edgeopt predictor train --space {space.Id} --seed {plan.Seed}" +
            (plan.DeviceIds.Count == 0 ? "" : string.Concat(ids.Select(id => $" --device {id}")));
        var draft = new PredictorVersionRecord
        {
            Method = model.Method,
            Space = space.Id,
            Devices = ids,
            TrainingRows = devices.Sum(d => d.Observations.Count),
            Scores = scores,
            Seed = plan.Seed,
            CreatedUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Reproduce = reproduce,
            Origin = PredictorOrigins.Trained,
        };
        var stored = catalog.Add(draft with { CardJson = ModelFiles.CardJson(draft) }, model);
        logger.LogInformation("Trained {PredictorVersion}: {Method} on {Devices} in {Seconds:F1} s, scores {Scores}",
            stored.Record.Id, method, string.Join(", ", ids), trainSeconds,
            string.Join(", ", scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}={s.Value:0.####}"))));
        return stored;
    }

    /// <summary>The method: the configured one, else the latest version's, else the project's default.</summary>
    private string Method(ISearchSpace space) =>
        options.Value.PredictorMethod?.Trim().ToLowerInvariant()
        ?? catalog.LatestRecord(space.Id)?.Method
        ?? LatencyMethods.Default;

    private List<(string Id, IReadOnlyList<LatencyObservation> Observations)> Devices(ISearchSpace space, IReadOnlyList<string> requested)
    {
        var devices = new List<(string, IReadOnlyList<LatencyObservation>)>();
        if (requested.Count == 0)
        {
            foreach (var device in store.Devices.List(includeRetired: true))
            {
                var observations = measurements.Observations(device.Id, space).Fp32;
                if (observations.Count > 0) devices.Add((device.Id, observations));
            }
            if (devices.Count == 0)
                throw FleetException.Precondition($"no device has {space.Id} measurements yet; report some (or replay a dataset) before training");
            return devices;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < requested.Count; i++)
        {
            string id = (requested[i] ?? "").Trim();
            if (id.Length == 0) throw FleetException.Invalid($"device_ids[{i}] is empty");
            if (!seen.Add(id)) throw FleetException.Invalid($"device_ids[{i}] '{id}' is listed twice");
            if (store.Devices.Find(id) is null) throw FleetException.NotFound($"device_ids[{i}]: device '{id}' not found");
            var observations = measurements.Observations(id, space).Fp32;
            if (observations.Count == 0) throw FleetException.Precondition($"device_ids[{i}]: device '{id}' has no {space.Id} measurements");
            devices.Add((id, observations));
        }
        return devices;
    }

    private void Score(
        ISearchSpace space, string method, int seed,
        IReadOnlyList<(string Id, IReadOnlyList<LatencyObservation> Observations)> devices,
        Dictionary<string, double> scores, IProgress<TrainingProgress> progress, CancellationToken ct)
    {
        int k = options.Value.SignatureSetSize;
        var held = devices
            .Where(d => d.Observations.Count >= k + ScoreHoldoutMinimum)
            .OrderByDescending(d => d.Observations.Count).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Take(options.Value.TrainScoreDevices)
            .ToList();
        if (held.Count == 0 || devices.Count < 2)
        {
            progress.Report(new TrainingProgress(0.9,
                $"no leave-one-device-out score: it needs 2 or more devices, one with at least {k + ScoreHoldoutMinimum} measurements"));
            return;
        }
        var values = new List<double>();
        for (int h = 0; h < held.Count; h++)
        {
            ct.ThrowIfCancellationRequested();
            var (id, observations) = held[h];
            progress.Report(new TrainingProgress(0.3 + 0.6 * h / held.Count, $"scoring: leaving out {id} ({h + 1}/{held.Count})"));
            var others = devices.Where(d => d.Id != id).ToList();
            var model = LatencyMethods.Create(method, seed).Fit(ProxyDevices.Table(space, others), ct);
            var candidates = observations.Select(o => o.Architecture).ToArray();
            var chosen = ChooseK(model, candidates, observations, k);
            var adapted = model.Adapt(chosen.Select(i => observations[i]).ToArray());
            var rest = Enumerable.Range(0, observations.Count).Except(chosen).ToArray();
            var predicted = adapted.Predict(rest.Select(i => candidates[i]).ToArray());
            double rho = Correlation.Spearman(predicted.Select(p => p.LogMean).ToArray(), rest.Select(i => Math.Log(observations[i].Value)).ToArray());
            scores[$"lodo_spearman:{id}"] = Math.Round(rho, 4);
            values.Add(rho);
        }
        scores["lodo_spearman_mean"] = Math.Round(values.Average(), 4);
        scores["lodo_devices"] = values.Count;
        scores["lodo_k"] = k;
    }

    /// <summary>K indices the model chooses among the held-out device's measured architectures (adaptive rounds included).</summary>
    private static List<int> ChooseK(ILatencyModel model, Architecture[] candidates, IReadOnlyList<LatencyObservation> measured, int k)
    {
        var chosen = new List<int>();
        while (chosen.Count < k)
        {
            var next = model.ChooseMeasurements(candidates, chosen.Select(i => measured[i]).ToArray(), k - chosen.Count);
            if (next.Count == 0) break;
            chosen.AddRange(next.Where(i => !chosen.Contains(i)));
        }
        return chosen;
    }
}
