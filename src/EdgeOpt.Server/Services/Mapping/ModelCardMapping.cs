using EdgeOpt.Server.Domain;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services.Mapping;

/// <summary>Predictor versions as wire model cards; device models as wire assignments.</summary>
public static class ModelCardMapping
{
    public static Wire.ModelCard ToProto(PredictorVersionRecord version)
    {
        var card = new Wire.ModelCard
        {
            PredictorId = version.PredictorId,
            Version = version.Version,
            Method = version.Method,
            Space = version.Space,
            TrainingRows = version.TrainingRows,
            CreatedUnixMs = version.CreatedUnixMs,
            Reproduce = version.Reproduce,
        };
        card.Devices.Add(version.Devices);
        foreach (var score in version.Scores) card.Scores[score.Key] = score.Value;
        return card;
    }

    public static Wire.DevicePredictorAssignment ToProto(DeviceModelRecord model) => new()
    {
        Space = model.Space,
        PredictorId = model.PredictorId,
        PredictorVersion = model.PredictorVersion,
        Decision = model.Decision,
        EvidenceJson = model.EvidenceJson,
        Observations = model.Observations,
        DecidedUnixMs = model.DecidedUnixMs,
        Proxy = model.Proxy,
        Target = model.Target,
    };
}
