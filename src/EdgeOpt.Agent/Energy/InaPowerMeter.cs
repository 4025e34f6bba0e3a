using System.Globalization;

namespace EdgeOpt.Agent.Energy;

/// <summary>
/// Board power from a Jetson's INA3221 monitor, integrated over time with the trapezoid rule between reads.
/// Two sysfs layouts are read: the L4T <c>ina3221x</c> IIO driver
/// (<c>/sys/bus/i2c/drivers/ina3221x/*/iio:device*/in_power{N}_input</c> in milliwatts, rail names in
/// <c>rail_name_{N}</c>) and the mainline <c>ina3221</c> hwmon driver (<c>/sys/class/hwmon/hwmon*</c> with
/// <c>name</c> = ina3221, <c>in{N}_input</c> in millivolts times <c>curr{N}_input</c> in milliamperes, labels in
/// <c>in{N}_label</c>). Without a chosen rail the board input is taken (a label containing "IN", e.g. VDD_IN or
/// POM_5V_IN), else the first channel.
/// </summary>
public sealed class InaPowerMeter : IEnergyMeter
{
    public const string MeterName = "ina";

    private readonly InaChannel _channel;
    private readonly TimeProvider _time;
    private long _lastTimestamp;
    private double _lastWatts;
    private double _joules;
    private bool _started;

    private InaPowerMeter(InaChannel channel, TimeProvider time)
    {
        _channel = channel;
        _time = time;
    }

    public string Name => MeterName;

    public string Rail => _channel.Label;

    public TimeSpan SamplingPeriod => TimeSpan.FromMilliseconds(50);

    /// <summary>Finds the INA3221 channels under <paramref name="sysfsRoot"/> and picks <paramref name="rail"/> (or the board input).</summary>
    public static MeterProbe Probe(string sysfsRoot, string? rail = null, TimeProvider? time = null)
    {
        IReadOnlyList<InaChannel> channels;
        try
        {
            channels = FindChannels(sysfsRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return MeterProbe.Unavailable(MeterName, $"cannot list INA3221 channels: {e.Message}");
        }
        if (channels.Count == 0)
            return MeterProbe.Unavailable(MeterName,
                $"no INA3221 power monitor under {Path.Combine(sysfsRoot, "sys/bus/i2c/drivers/ina3221x")} or {Path.Combine(sysfsRoot, "sys/class/hwmon")}");

        InaChannel? chosen;
        if (!string.IsNullOrWhiteSpace(rail))
        {
            chosen = channels.FirstOrDefault(c => string.Equals(c.Label, rail.Trim(), StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
                return MeterProbe.Unavailable(MeterName,
                    $"rail '{rail}' not found; available rails: {string.Join(", ", channels.Select(c => c.Label))}");
        }
        else
        {
            chosen = channels.FirstOrDefault(c => c.Label.Contains("IN", StringComparison.OrdinalIgnoreCase)) ?? channels[0];
        }

        try
        {
            chosen.ReadWatts();
        }
        catch (EnergyMeterException e)
        {
            return MeterProbe.Unavailable(MeterName, e.Message);
        }
        return MeterProbe.Found(new InaPowerMeter(chosen, time ?? TimeProvider.System));
    }

    /// <summary>Every readable channel, IIO layout first, in path order.</summary>
    public static IReadOnlyList<InaChannel> FindChannels(string sysfsRoot)
    {
        var channels = new List<InaChannel>();
        var iioDriver = Path.Combine(sysfsRoot, "sys", "bus", "i2c", "drivers", "ina3221x");
        if (Directory.Exists(iioDriver))
        {
            foreach (var device in Directory.EnumerateDirectories(iioDriver).Order(StringComparer.Ordinal))
            foreach (var iio in Directory.EnumerateDirectories(device, "iio:device*").Order(StringComparer.Ordinal))
            foreach (var power in Directory.EnumerateFiles(iio, "in_power*_input").Order(StringComparer.Ordinal))
            {
                var n = Path.GetFileName(power)["in_power".Length..^"_input".Length];
                var label = ReadLabel(Path.Combine(iio, $"rail_name_{n}")) ?? $"{Path.GetFileName(device)}/channel{n}";
                channels.Add(new InaChannel(label, () => ReadNumber(power) / 1000.0));
            }
        }

        var hwmon = Path.Combine(sysfsRoot, "sys", "class", "hwmon");
        if (Directory.Exists(hwmon))
        {
            foreach (var monitor in Directory.EnumerateDirectories(hwmon, "hwmon*").Order(StringComparer.Ordinal))
            {
                if (ReadLabel(Path.Combine(monitor, "name")) != "ina3221") continue;
                for (var n = 1; n <= 3; n++)
                {
                    var voltage = Path.Combine(monitor, $"in{n}_input");
                    var current = Path.Combine(monitor, $"curr{n}_input");
                    if (!File.Exists(voltage) || !File.Exists(current)) continue;
                    if (ReadLabel(Path.Combine(monitor, $"in{n}_enable")) == "0") continue;
                    var label = ReadLabel(Path.Combine(monitor, $"in{n}_label")) ?? $"{Path.GetFileName(monitor)}/in{n}";
                    channels.Add(new InaChannel(label, () => ReadNumber(voltage) * ReadNumber(current) / 1e6));
                }
            }
        }
        return channels;
    }

    public double ReadJoules()
    {
        var watts = _channel.ReadWatts();
        var now = _time.GetTimestamp();
        if (_started)
        {
            var seconds = _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
            _joules += (_lastWatts + watts) / 2 * seconds;
        }
        _started = true;
        _lastTimestamp = now;
        _lastWatts = watts;
        return _joules;
    }

    public void Dispose()
    {
    }

    private static string? ReadLabel(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double ReadNumber(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnergyMeterException($"cannot read {path}: {e.Message}", e);
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
            ? value
            : throw new EnergyMeterException($"{path} holds '{text}'; expected a non-negative number");
    }
}

/// <summary>One INA3221 channel: its rail label and how to read its power in watts.</summary>
public sealed record InaChannel(string Label, Func<double> ReadWatts);
