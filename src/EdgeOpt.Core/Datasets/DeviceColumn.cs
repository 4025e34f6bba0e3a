namespace EdgeOpt.Core.Datasets;

/// <summary>One device's measurements, one cell per table row; null = not measured. Values in milliseconds.</summary>
public sealed record DeviceColumn(string Device, IReadOnlyList<double?> Values);
