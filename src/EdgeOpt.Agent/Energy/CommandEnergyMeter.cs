using System.Diagnostics;
using System.Globalization;

namespace EdgeOpt.Agent.Energy;

/// <summary>
/// An external program that prints the device's cumulative energy in joules (a number, optionally followed by
/// other text) each time it is run, for meters the agent does not know (a smart plug, a lab power analyser).
/// The command runs with <c>/bin/sh -c</c>; a non-zero exit, a missing number or a value below the previous
/// one is an error that names the command.
/// </summary>
public sealed class CommandEnergyMeter : IEnergyMeter
{
    public const string MeterName = "command";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(10);

    private readonly string _command;
    private readonly double _baseline;
    private double _last;

    private CommandEnergyMeter(string command, string rail, TimeSpan samplingPeriod, double first)
    {
        _command = command;
        Rail = rail;
        SamplingPeriod = samplingPeriod;
        _baseline = first;
        _last = first;
    }

    public string Name => MeterName;

    public string Rail { get; }

    public TimeSpan SamplingPeriod { get; }

    /// <summary>Runs the command once; a failure makes the meter unavailable with the reason.</summary>
    public static MeterProbe Probe(string? command, TimeSpan samplingPeriod, string rail = "command")
    {
        if (string.IsNullOrWhiteSpace(command))
            return MeterProbe.Unavailable(MeterName, "no energy command configured (--energy-command)");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(samplingPeriod, TimeSpan.Zero);
        try
        {
            return MeterProbe.Found(new CommandEnergyMeter(command, rail, samplingPeriod, RunOnce(command)));
        }
        catch (EnergyMeterException e)
        {
            return MeterProbe.Unavailable(MeterName, e.Message);
        }
    }

    public double ReadJoules()
    {
        var value = RunOnce(_command);
        if (value < _last)
            throw new EnergyMeterException(
                $"energy command '{_command}' printed {value.ToString(CultureInfo.InvariantCulture)} J after {_last.ToString(CultureInfo.InvariantCulture)} J; its output must be cumulative (never decreasing)");
        _last = value;
        return value - _baseline;
    }

    public void Dispose()
    {
    }

    private static double RunOnce(string command)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new EnergyMeterException($"energy command '{command}' did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new EnergyMeterException($"energy command '{command}' did not start: {e.Message}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(RunTimeout))
            {
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { }
                throw new EnergyMeterException($"energy command '{command}' did not finish within {RunTimeout.TotalSeconds:0} s");
            }
            process.WaitForExit();
            var stdout = output.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                var detail = error.GetAwaiter().GetResult().Trim().Split('\n', 2)[0];
                throw new EnergyMeterException(
                    $"energy command '{command}' exited with code {process.ExitCode}{(detail.Length > 0 ? ": " + detail : "")}");
            }
            var first = stdout.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var joules) && double.IsFinite(joules) && joules >= 0
                ? joules
                : throw new EnergyMeterException(
                    $"energy command '{command}' printed '{Shorten(stdout.Trim())}'; expected cumulative joules as a non-negative number first");
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
