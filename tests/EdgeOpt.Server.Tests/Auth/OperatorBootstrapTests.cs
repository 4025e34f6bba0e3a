using EdgeOpt.Server.Tests.TestSupport;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Server.Tests.Auth;

public sealed class OperatorBootstrapTests
{
    [Fact]
    public async Task FirstStart_WritesAnOwnerOnlyTokenFileThatWorks_AndLogsItsPathButNotTheSecret()
    {
        string dir = TestFleet.NewTempDirectory();
        try
        {
            string secret;
            await using (var fleet = await TestFleet.StartAsync(dataDirectory: dir, configureOperatorToken: false))
            {
                string path = Path.Combine(dir, "operator.token");
                secret = (await File.ReadAllTextAsync(path)).Trim();

                var listed = await fleet.Fleet(secret).ListDevicesAsync(new Wire.ListDevicesRequest());

                Assert.Empty(listed.Devices);
                Assert.True(secret.Length >= 40, $"token of {secret.Length} characters");
                if (!OperatingSystem.IsWindows())
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                Assert.Contains(fleet.Logs.Lines, l => l.Contains(path));
                Assert.DoesNotContain(fleet.Logs.Lines, l => l.Contains(secret));
            }

            // A second start finds the operator token and writes no new one.
            await using (var again = await TestFleet.StartAsync(dataDirectory: dir, configureOperatorToken: false))
            {
                Assert.Equal(secret, (await File.ReadAllTextAsync(Path.Combine(dir, "operator.token"))).Trim());
                await again.Fleet(secret).ListDevicesAsync(new Wire.ListDevicesRequest());
            }
        }
        finally
        {
            TestFleet.TryDelete(dir);
        }
    }

    [Fact]
    public async Task ConfiguredOperatorToken_WritesNoTokenFile()
    {
        await using var fleet = await TestFleet.StartAsync();

        await fleet.Operator.ListDevicesAsync(new Wire.ListDevicesRequest());

        Assert.False(File.Exists(Path.Combine(fleet.DataDirectory, "operator.token")));
    }
}
