using EdgeOpt.Runtime.Benchmarking;

namespace EdgeOpt.Runtime.Tests.Benchmarking;

public class MachineInfoTests
{
    [Fact]
    public void ParseCpuModel_X86_TakesModelNameNotTheProcessorIndex() =>
        Assert.Equal("Intel(R) Xeon(R) Gold 6240 CPU @ 2.60GHz", MachineInfo.ParseCpuModel(
            "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6240 CPU @ 2.60GHz\n"));

    [Fact]
    public void ParseCpuModel_RaspberryPi_TakesTheBoardModel() =>
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4", MachineInfo.ParseCpuModel(
            "processor\t: 0\nBogoMIPS\t: 108.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd08\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n"));

    [Fact]
    public void ParseCpuModel_Arm64WithoutNames_FallsBackToImplementerAndPart() =>
        Assert.Equal("ARM implementer 0x41, part 0xd0c", MachineInfo.ParseCpuModel(
            "processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n"));

    [Fact]
    public void ParseCpuModel_NothingKnown_IsNull() => Assert.Null(MachineInfo.ParseCpuModel("processor\t: 0\n"));
}
