using System.Globalization;

namespace EdgeOpt.Cli.Tests.EndToEnd;

/// <summary>
/// A temporary sysfs tree shaped like /sys/class/powercap/intel-rapl:0 (zone "package-0") whose energy_uj the
/// test advances on a background task: an idle power at all times plus a dynamic energy per CPU-second that a
/// watched process (the agent) spends, read from /proc/PID/stat. So an agent reading it sees its own inference work
/// as dynamic energy, as it would on a real package meter. The counter advances on a dedicated thread (not the thread
/// pool, which a loaded test process can starve for long stretches while a hardware counter keeps counting).
/// </summary>
public sealed class FakeRaplMeter : IAsyncDisposable
{
    private const ulong Range = 262_143_328_850; // a usual max_energy_range_uj
    private readonly string _energyPath;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _ticking;
    private int _watchedPid;

    public FakeRaplMeter(string root, double idleWatts, double joulesPerCpuSecond)
    {
        Root = root;
        IdleWatts = idleWatts;
        JoulesPerCpuSecond = joulesPerCpuSecond;
        var zone = Path.Combine(root, "sys", "class", "powercap", "intel-rapl:0");
        Directory.CreateDirectory(zone);
        File.WriteAllText(Path.Combine(zone, "name"), "package-0\n");
        File.WriteAllText(Path.Combine(zone, "max_energy_range_uj"), Range.ToString(CultureInfo.InvariantCulture) + "\n");
        _energyPath = Path.Combine(zone, "energy_uj");
        File.WriteAllText(_energyPath, "1000000\n");
    }

    /// <summary>The folder to pass as the agent's --sysfs-root.</summary>
    public string Root { get; }

    public double IdleWatts { get; }

    public double JoulesPerCpuSecond { get; }

    /// <summary>Starts advancing the counter, charging the CPU time of process <paramref name="pid"/> as dynamic energy.</summary>
    public void Start(int pid)
    {
        _watchedPid = pid;
        _ticking = new Thread(Tick) { IsBackground = true, Name = "fake-rapl" };
        _ticking.Start();
    }

    private void Tick()
    {
        var started = DateTime.UtcNow;
        var cpuAtStart = CpuSeconds(_watchedPid);
        while (!_stop.IsCancellationRequested)
        {
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            var cpu = Math.Max(0, CpuSeconds(_watchedPid) - cpuAtStart);
            var microjoules = (ulong)(1_000_000 + (IdleWatts * seconds + JoulesPerCpuSecond * cpu) * 1e6) % Range;
            var temporary = _energyPath + ".tmp";
            File.WriteAllText(temporary, microjoules.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, _energyPath, overwrite: true);
            if (_stop.Token.WaitHandle.WaitOne(10)) return;
        }
    }

    /// <summary>User + system CPU seconds of a process (Linux /proc); the last value when it has exited.</summary>
    private double _lastCpu;

    private double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields after the command: state is index 0, utime index 11, stime index 12 (clock ticks of 1/100 s).
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            _lastCpu = ticks / 100.0;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
        }
        return _lastCpu;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _ticking?.Join();
        _stop.Dispose();
    }
}
