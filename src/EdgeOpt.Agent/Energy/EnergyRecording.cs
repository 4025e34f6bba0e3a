using System.Runtime.ExceptionServices;

namespace EdgeOpt.Agent.Energy;

/// <summary>Energy over one window: joules, how long the window lasted, and how many meter readings it took.</summary>
public readonly record struct EnergyReading(double Joules, TimeSpan Elapsed, int Samples)
{
    public double Watts => Elapsed > TimeSpan.Zero ? Joules / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Reads a meter at the start, every <see cref="IEnergyMeter.SamplingPeriod"/> on a background thread (so
/// counters are unwrapped and power is integrated) and at <see cref="Stop"/>. A reading error stops the sampling
/// and is rethrown by <see cref="Stop"/>.
/// </summary>
public sealed class EnergyRecording : IDisposable
{
    private readonly IEnergyMeter _meter;
    private readonly TimeProvider _time;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Lock _gate = new();
    private readonly Thread _sampler;
    private readonly double _first;
    private readonly long _started;
    private int _samples;
    private ExceptionDispatchInfo? _error;
    private EnergyReading? _result;

    private EnergyRecording(IEnergyMeter meter, TimeProvider time)
    {
        _meter = meter;
        _time = time;
        _first = meter.ReadJoules();
        _started = time.GetTimestamp();
        _samples = 1;
        _sampler = new Thread(Sample) { IsBackground = true, Name = $"energy-{meter.Name}" };
        _sampler.Start();
    }

    /// <summary>Takes the first reading and starts sampling.</summary>
    public static EnergyRecording Start(IEnergyMeter meter, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return new EnergyRecording(meter, time ?? TimeProvider.System);
    }

    /// <summary>Readings taken so far (the first one and the periodic ones).</summary>
    public int Samples
    {
        get
        {
            lock (_gate) return _samples;
        }
    }

    /// <summary>Stops sampling, takes the last reading and returns the window's energy.</summary>
    public EnergyReading Stop()
    {
        if (_result is { } done) return done;
        _stop.Set();
        _sampler.Join();
        _error?.Throw();
        double last;
        lock (_gate)
        {
            last = _meter.ReadJoules();
            _samples++;
        }
        var reading = new EnergyReading(last - _first, _time.GetElapsedTime(_started), _samples);
        _result = reading;
        return reading;
    }

    public void Dispose()
    {
        _stop.Set();
        if (_sampler.IsAlive) _sampler.Join();
        _stop.Dispose();
    }

    private void Sample()
    {
        try
        {
            while (!_stop.Wait(_meter.SamplingPeriod))
            {
                lock (_gate)
                {
                    _meter.ReadJoules();
                    _samples++;
                }
            }
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
    }
}
