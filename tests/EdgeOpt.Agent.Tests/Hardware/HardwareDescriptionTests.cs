using EdgeOpt.Agent.Energy;
using EdgeOpt.Agent.Hardware;
using EdgeOpt.Agent.Tests.Support;

namespace EdgeOpt.Agent.Tests.Hardware;

public sealed class HardwareDescriptionTests
{
    [Fact]
    public void Detect_ThisMachine_FillsEveryFieldThatEveryMachineHas()
    {
        var meter = new ConstantPowerMeter(1);
        var description = HardwareDescription.Detect([MeterProbe.Found(meter), MeterProbe.Unavailable("rapl", "absent")]);

        Assert.False(string.IsNullOrWhiteSpace(description.CpuModel));
        Assert.Equal(Environment.ProcessorCount, description.CpuCores);
        Assert.True(description.MemoryBytes > 64L * 1024 * 1024, $"memory {description.MemoryBytes}");
        Assert.False(string.IsNullOrWhiteSpace(description.Os));
        Assert.Contains(description.Architecture, new[] { "x64", "arm64", "arm", "x86", "riscv64", "loongarch64", "s390x", "ppc64le" });
        Assert.Contains("CPUExecutionProvider", description.ExecutionProviders);
        Assert.Equal(["constant:1 W"], description.EnergyMeters);
        Assert.StartsWith("1.", description.Labels["onnxruntime"]);
    }

    [Fact]
    public void ParseMemTotal_KilobyteLine_GivesBytes()
    {
        Assert.Equal(24684096L * 1024, HardwareDescription.ParseMemTotal("MemTotal:       24684096 kB\nMemFree:  1 kB\n"));
        Assert.Null(HardwareDescription.ParseMemTotal("MemFree:  1 kB\n"));
    }

    [Fact]
    public void Accelerator_FakeTrees_ReadsNvidiaModelOrJetsonBoard()
    {
        using var gpu = new TempTree();
        gpu.Write("proc/driver/nvidia/gpus/0000:01:00.0/information", "Model: \t\t NVIDIA H100 80GB HBM3\nIRQ: 1\n");
        Assert.Equal("NVIDIA H100 80GB HBM3", HardwareDescription.Accelerator(gpu.Root));

        using var jetson = new TempTree();
        jetson.Write("proc/device-tree/model", "NVIDIA Jetson Nano Developer Kit\0");
        Assert.Equal("NVIDIA Jetson Nano Developer Kit GPU", HardwareDescription.Accelerator(jetson.Root));

        using var plain = new TempTree();
        plain.Write("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0");
        Assert.Null(HardwareDescription.Accelerator(plain.Root));
    }

    [Fact]
    public void OperatingSystemName_OsRelease_UsesPrettyNameAndKernel()
    {
        using var tree = new TempTree();
        tree.Write("etc/os-release", "NAME=\"Ubuntu\"\nPRETTY_NAME=\"Ubuntu 20.04.6 LTS\"\n");
        Assert.StartsWith("Ubuntu 20.04.6 LTS, Linux ", HardwareDescription.OperatingSystemName(tree.Root));
    }
}
