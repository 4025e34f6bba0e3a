using System.Runtime.InteropServices;
using System.Text;

namespace EdgeOpt.Agent.Energy;

/// <summary>
/// GPU energy from NVIDIA's management library: <c>nvmlDeviceGetTotalEnergyConsumption</c>, a millijoule
/// counter since the driver was loaded (Volta and newer). The library is loaded at run time
/// (<see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>) rather than bound with a static import, so a device
/// without the NVIDIA driver simply has no nvml meter, and tests can point at a library that does not exist.
/// </summary>
public sealed class NvmlEnergyMeter : IEnergyMeter
{
    public const string MeterName = "nvml";
    public const string DefaultLibrary = "libnvidia-ml.so.1";

    private const int Success = 0;
    private const int NotSupported = 3;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int NoArguments();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int HandleByIndex(uint index, out IntPtr device);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int TotalEnergy(IntPtr device, out ulong millijoules);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int DeviceName(IntPtr device, [Out] byte[] name, uint length);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ErrorString(int result);

    private readonly NoArguments _shutdown;
    private readonly TotalEnergy _totalEnergy;
    private readonly IntPtr _device;
    private readonly ulong _baseline;
    private bool _disposed;

    private NvmlEnergyMeter(NoArguments shutdown, TotalEnergy totalEnergy, IntPtr device, int index, string gpuName, ulong baseline)
    {
        _shutdown = shutdown;
        _totalEnergy = totalEnergy;
        _device = device;
        _baseline = baseline;
        Rail = $"gpu{index}";
        GpuName = gpuName;
    }

    public string Name => MeterName;

    public string Rail { get; }

    /// <summary>The GPU's product name as NVML reports it.</summary>
    public string GpuName { get; }

    public TimeSpan SamplingPeriod => TimeSpan.FromMilliseconds(100);

    /// <summary>Loads NVML, opens GPU <paramref name="index"/> and reads its energy counter once.</summary>
    public static MeterProbe Probe(int index = 0, string library = DefaultLibrary)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (!NativeLibrary.TryLoad(library, out var handle))
            return MeterProbe.Unavailable(MeterName, $"{library} could not be loaded (no NVIDIA driver on this device)");

        T? Export<T>(string name) where T : Delegate =>
            NativeLibrary.TryGetExport(handle, name, out var address) ? Marshal.GetDelegateForFunctionPointer<T>(address) : null;

        var init = Export<NoArguments>("nvmlInit_v2");
        var shutdown = Export<NoArguments>("nvmlShutdown");
        var byIndex = Export<HandleByIndex>("nvmlDeviceGetHandleByIndex_v2");
        var energy = Export<TotalEnergy>("nvmlDeviceGetTotalEnergyConsumption");
        var name = Export<DeviceName>("nvmlDeviceGetName");
        var errorString = Export<ErrorString>("nvmlErrorString");
        if (init is null || shutdown is null || byIndex is null || energy is null)
            return MeterProbe.Unavailable(MeterName,
                $"{library} lacks nvmlInit_v2, nvmlDeviceGetHandleByIndex_v2 or nvmlDeviceGetTotalEnergyConsumption (driver too old)");

        string Describe(int result)
        {
            if (errorString is null) return $"NVML error {result}";
            var text = Marshal.PtrToStringAnsi(errorString(result));
            return $"NVML error {result} ({text})";
        }

        var status = init();
        if (status != Success) return MeterProbe.Unavailable(MeterName, $"nvmlInit failed: {Describe(status)}");
        status = byIndex((uint)index, out var device);
        if (status != Success)
        {
            shutdown();
            return MeterProbe.Unavailable(MeterName, $"no GPU {index}: {Describe(status)}");
        }
        var gpuName = $"GPU {index}";
        if (name is not null)
        {
            var buffer = new byte[96];
            if (name(device, buffer, (uint)buffer.Length) == Success)
            {
                var end = Array.IndexOf(buffer, (byte)0);
                gpuName = Encoding.ASCII.GetString(buffer, 0, end < 0 ? buffer.Length : end);
            }
        }
        status = energy(device, out var first);
        if (status != Success)
        {
            shutdown();
            return MeterProbe.Unavailable(MeterName, status == NotSupported
                ? $"{gpuName} does not report total energy (NVML needs a Volta or newer GPU for it)"
                : $"cannot read the energy of {gpuName}: {Describe(status)}");
        }
        return MeterProbe.Found(new NvmlEnergyMeter(shutdown, energy, device, index, gpuName, first));
    }

    public double ReadJoules()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var status = _totalEnergy(_device, out var millijoules);
        if (status != Success)
            throw new EnergyMeterException($"nvmlDeviceGetTotalEnergyConsumption failed for {GpuName} with NVML error {status}");
        return (millijoules - _baseline) / 1000.0;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _shutdown();
    }
}
