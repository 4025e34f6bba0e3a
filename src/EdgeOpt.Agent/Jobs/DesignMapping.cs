using EdgeOpt.Core.Spaces;
using CoreDesign = EdgeOpt.Core.Spaces.Design;
using CorePrecision = EdgeOpt.Core.Spaces.Precision;
using ProtoDesign = EdgeOpt.Contracts.V1.Design;
using ProtoPrecision = EdgeOpt.Contracts.V1.Precision;

namespace EdgeOpt.Agent.Jobs;

/// <summary>Turns a job's design (space id, canonical architecture string, precisions) into the domain's <see cref="CoreDesign"/>.</summary>
public static class DesignMapping
{
    /// <summary>
    /// The design, or null with an error that names the field (job.design.space, .arch or .precisions) and the
    /// allowed values. Precisions must be empty (all fp32) or one per slot of the space.
    /// </summary>
    public static CoreDesign? TryToCore(ProtoDesign? design, out string? error)
    {
        if (design is null)
        {
            error = "job.design is missing (and the job carries no onnx_model)";
            return null;
        }
        if (!SearchSpaces.TryGet(design.Space, out var space))
        {
            error = $"job.design.space '{design.Space}' is unknown; allowed: {string.Join(", ", SearchSpaces.Ids)}";
            return null;
        }
        if (!space.TryParse(design.Arch, out var architecture, out var parseError))
        {
            error = $"job.design.arch is not a {space.Id} architecture: {parseError}";
            return null;
        }
        QuantizationPolicy policy;
        if (design.Precisions.Count == 0)
        {
            policy = QuantizationPolicy.Uniform(space.PrecisionSlots, CorePrecision.Fp32);
        }
        else if (design.Precisions.Count != space.PrecisionSlots)
        {
            error = $"job.design.precisions has {design.Precisions.Count} entries; space {space.Id} has {space.PrecisionSlots} slots (or give none for all fp32)";
            return null;
        }
        else
        {
            var slots = new CorePrecision[design.Precisions.Count];
            for (var i = 0; i < slots.Length; i++)
            {
                CorePrecision? slot = design.Precisions[i] switch
                {
                    ProtoPrecision.Fp32 => CorePrecision.Fp32,
                    ProtoPrecision.Fp16 => CorePrecision.Fp16,
                    ProtoPrecision.Int8 => CorePrecision.Int8,
                    _ => null,
                };
                if (slot is null)
                {
                    error = $"job.design.precisions[{i}] is {design.Precisions[i]}; allowed: PRECISION_FP32, PRECISION_FP16, PRECISION_INT8";
                    return null;
                }
                slots[i] = slot.Value;
            }
            policy = new QuantizationPolicy(slots);
        }
        error = null;
        return new CoreDesign(architecture!, policy);
    }
}
