using EdgeOpt.Server.Domain;
using EdgeOpt.Server.Fleet;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Services.Mapping;

/// <summary>Measurement conversions; incoming reports are checked field by field.</summary>
public static class MeasurementMapping
{
    /// <summary>Latencies above one hour are taken for unit or clock errors.</summary>
    public const double MaxLatencyMs = 3_600_000;

    /// <summary>Energies above 10 kJ per inference are taken for unit errors.</summary>
    public const double MaxEnergyMj = 10_000_000;

    public const int MaxTextLength = 256;

    public static Wire.Measurement ToProto(MeasurementRecord m)
    {
        var proto = new Wire.Measurement
        {
            DeviceId = m.DeviceId,
            Design = DesignMapping.ToProto(m.Design),
            Latency = new Wire.LatencyStats
            {
                MedianMs = m.Latency.MedianMs,
                P90Ms = m.Latency.P90Ms,
                MeanMs = m.Latency.MeanMs,
                StdevMs = m.Latency.StdevMs,
                Runs = m.Latency.Runs,
                RejectedOutliers = m.Latency.RejectedOutliers,
                RelativeStandardError = m.Latency.RelativeStandardError,
            },
            Provenance = m.Source == MeasurementSource.Replayed ? Wire.Provenance.Replayed : Wire.Provenance.Measured,
            Context = new Wire.MeasurementContext
            {
                Machine = m.Context.Machine,
                Runtime = m.Context.Runtime,
                ExecutionProvider = m.Context.ExecutionProvider,
                IntraOpThreads = m.Context.IntraOpThreads,
                BatchSize = m.Context.BatchSize,
                GraphOptimization = m.Context.GraphOptimization,
            },
            JobId = m.JobId,
            MeasuredUnixMs = m.MeasuredUnixMs,
        };
        if (m.Energy is { } e)
        {
            proto.Energy = new Wire.EnergyStats
            {
                TotalMj = e.TotalMj,
                DynamicMj = e.DynamicMj,
                IdlePowerW = e.IdlePowerW,
                Samples = e.Samples,
                Meter = e.Meter,
                Rail = e.Rail,
                IdleSamples = e.IdleSamples,
                IdleSeconds = e.IdleSeconds,
                ActiveSeconds = e.ActiveSeconds,
                Inferences = e.Inferences,
                IdleProcessCpuSeconds = e.IdleProcessCpuSeconds,
                IdleAttempts = e.IdleAttempts,
            };
        }
        return proto;
    }

    /// <summary>
    /// A checked report of the batch at <paramref name="index"/>. An empty measurement.device_id means the caller's
    /// device; a measurement.job_id, when given, must equal the report's job_id.
    /// </summary>
    public static IncomingReport ToIncoming(Wire.MeasurementReport? report, int index, string callerDeviceId)
    {
        string at = $"reports[{index}]";
        if (report is null) throw FleetException.Invalid($"{at} is empty");
        var m = report.Measurement ?? throw FleetException.Invalid($"{at}.measurement is required");
        string jobId = report.JobId.Trim();
        if (m.JobId.Length > 0 && m.JobId.Trim() != jobId)
            throw FleetException.Invalid($"{at}.measurement.job_id '{m.JobId}' differs from {at}.job_id '{report.JobId}'");

        string deviceId = string.IsNullOrWhiteSpace(m.DeviceId) ? callerDeviceId : m.DeviceId.Trim();
        var design = DesignMapping.ToDomain(m.Design, $"{at}.measurement.design");
        var latency = Latency(m.Latency, $"{at}.measurement.latency");
        var energy = m.Energy is null ? null : Energy(m.Energy, $"{at}.measurement.energy");
        var source = m.Provenance switch
        {
            Wire.Provenance.Measured => MeasurementSource.Measured,
            Wire.Provenance.Replayed => MeasurementSource.Replayed,
            _ => throw FleetException.Invalid(
                $"{at}.measurement.provenance is {m.Provenance}; allowed: PROVENANCE_MEASURED, PROVENANCE_REPLAYED"),
        };
        if (m.MeasuredUnixMs < 0)
            throw FleetException.Invalid($"{at}.measurement.measured_unix_ms is {m.MeasuredUnixMs}; allowed: 0 (now) or a Unix time in ms");

        return new IncomingReport(jobId, new MeasurementRecord
        {
            DeviceId = deviceId,
            JobId = jobId,
            Design = design,
            Latency = latency,
            Energy = energy,
            Source = source,
            Context = Context(m.Context, $"{at}.measurement.context"),
            MeasuredUnixMs = m.MeasuredUnixMs,
        });
    }

    private static LatencyRecord Latency(Wire.LatencyStats? l, string field)
    {
        if (l is null) throw FleetException.Invalid($"{field} is required (median_ms at least)");
        Milliseconds(l.MedianMs, $"{field}.median_ms", required: true);
        Milliseconds(l.P90Ms, $"{field}.p90_ms", required: false);
        Milliseconds(l.MeanMs, $"{field}.mean_ms", required: false);
        if (!double.IsFinite(l.StdevMs) || l.StdevMs < 0 || l.StdevMs > MaxLatencyMs)
            throw FleetException.Invalid($"{field}.stdev_ms is {l.StdevMs}; allowed: a finite value in [0, {MaxLatencyMs}] ms");
        if (l.Runs < 1) throw FleetException.Invalid($"{field}.runs is {l.Runs}; allowed: 1 or more");
        if (l.RejectedOutliers < 0) throw FleetException.Invalid($"{field}.rejected_outliers is {l.RejectedOutliers}; allowed: 0 or more");
        if (!double.IsFinite(l.RelativeStandardError) || l.RelativeStandardError < 0)
            throw FleetException.Invalid($"{field}.relative_standard_error is {l.RelativeStandardError}; allowed: a finite value >= 0");
        return new LatencyRecord
        {
            MedianMs = l.MedianMs,
            P90Ms = l.P90Ms,
            MeanMs = l.MeanMs,
            StdevMs = l.StdevMs,
            Runs = l.Runs,
            RejectedOutliers = l.RejectedOutliers,
            RelativeStandardError = l.RelativeStandardError,
        };
    }

    /// <summary>A latency in ms: finite, above 0, at most one hour (0 allowed for optional fields: not reported).</summary>
    private static void Milliseconds(double value, string field, bool required)
    {
        if (!required && value == 0) return;
        if (!double.IsFinite(value) || value <= 0 || value > MaxLatencyMs)
            throw FleetException.Invalid(
                $"{field} is {value}; allowed: a finite latency above 0 and at most {MaxLatencyMs} ms (one hour){(required ? "" : ", or 0 when not reported")}");
    }

    private static EnergyRecord Energy(Wire.EnergyStats e, string field)
    {
        if (!double.IsFinite(e.TotalMj) || e.TotalMj <= 0 || e.TotalMj > MaxEnergyMj)
            throw FleetException.Invalid($"{field}.total_mj is {e.TotalMj}; allowed: a finite energy above 0 and at most {MaxEnergyMj} mJ");
        if (!double.IsFinite(e.DynamicMj) || Math.Abs(e.DynamicMj) > MaxEnergyMj)
            throw FleetException.Invalid($"{field}.dynamic_mj is {e.DynamicMj}; allowed: a finite value within ±{MaxEnergyMj} mJ");
        if (!double.IsFinite(e.IdlePowerW) || e.IdlePowerW < 0 || e.IdlePowerW > 100_000)
            throw FleetException.Invalid($"{field}.idle_power_w is {e.IdlePowerW}; allowed: a finite value in [0, 100000] W");
        if (e.Samples < 1) throw FleetException.Invalid($"{field}.samples is {e.Samples}; allowed: 1 or more");
        if (e.IdleSamples < 0) throw FleetException.Invalid($"{field}.idle_samples is {e.IdleSamples}; allowed: 0 (not reported) or more");
        if (!double.IsFinite(e.IdleSeconds) || e.IdleSeconds < 0)
            throw FleetException.Invalid($"{field}.idle_seconds is {e.IdleSeconds}; allowed: a finite value >= 0 (0: not reported)");
        if (!double.IsFinite(e.ActiveSeconds) || e.ActiveSeconds < 0)
            throw FleetException.Invalid($"{field}.active_seconds is {e.ActiveSeconds}; allowed: a finite value >= 0 (0: not reported)");
        if (e.Inferences < 0) throw FleetException.Invalid($"{field}.inferences is {e.Inferences}; allowed: 0 (not reported) or more");
        if (!double.IsFinite(e.IdleProcessCpuSeconds) || e.IdleProcessCpuSeconds < 0)
            throw FleetException.Invalid($"{field}.idle_process_cpu_seconds is {e.IdleProcessCpuSeconds}; allowed: a finite value >= 0 (0: not reported)");
        if (e.IdleAttempts < 0) throw FleetException.Invalid($"{field}.idle_attempts is {e.IdleAttempts}; allowed: 0 (not reported) or more");
        if (string.IsNullOrWhiteSpace(e.Meter)) throw FleetException.Invalid($"{field}.meter is required (for example rapl, nvml, ina, command)");
        return new EnergyRecord
        {
            TotalMj = e.TotalMj,
            DynamicMj = e.DynamicMj,
            IdlePowerW = e.IdlePowerW,
            Samples = e.Samples,
            Meter = Text(e.Meter, $"{field}.meter"),
            Rail = Text(e.Rail, $"{field}.rail"),
            IdleSamples = e.IdleSamples,
            IdleSeconds = e.IdleSeconds,
            ActiveSeconds = e.ActiveSeconds,
            Inferences = e.Inferences,
            IdleProcessCpuSeconds = e.IdleProcessCpuSeconds,
            IdleAttempts = e.IdleAttempts,
        };
    }

    private static MeasurementContextRecord Context(Wire.MeasurementContext? c, string field)
    {
        if (c is null) return new MeasurementContextRecord();
        if (c.IntraOpThreads < 0) throw FleetException.Invalid($"{field}.intra_op_threads is {c.IntraOpThreads}; allowed: 0 (default) or more");
        if (c.BatchSize < 0) throw FleetException.Invalid($"{field}.batch_size is {c.BatchSize}; allowed: 0 (unknown) or more");
        return new MeasurementContextRecord
        {
            Machine = Text(c.Machine, $"{field}.machine"),
            Runtime = Text(c.Runtime, $"{field}.runtime"),
            ExecutionProvider = Text(c.ExecutionProvider, $"{field}.execution_provider"),
            IntraOpThreads = c.IntraOpThreads,
            BatchSize = c.BatchSize,
            GraphOptimization = Text(c.GraphOptimization, $"{field}.graph_optimization"),
        };
    }

    private static string Text(string value, string field)
    {
        value = value.Trim();
        return value.Length <= MaxTextLength
            ? value
            : throw FleetException.Invalid($"{field} has {value.Length} characters; at most {MaxTextLength}");
    }
}
