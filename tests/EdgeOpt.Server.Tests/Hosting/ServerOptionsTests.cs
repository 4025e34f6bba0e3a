using Microsoft.Extensions.DependencyInjection;
using EdgeOpt.Server.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Tests.Hosting;

public sealed class ServerOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndListenOnLoopbackWithHttp2Cleartext()
    {
        var options = new ServerOptions();

        var result = new ServerOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.StartsWith("http://127.0.0.1:", options.ListenUrl);
        Assert.Equal("./edgeopt-data", options.DataDirectory);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5001", null, "EdgeOpt:Server:ListenUrl is https but EdgeOpt:Server:CertificatePath is not set")]
    [InlineData("ftp://127.0.0.1:21", null, "is not a listen URL")]
    [InlineData("http://127.0.0.1", null, "needs an explicit port")]
    [InlineData("http://example.com:80", null, "must be an IP address, 'localhost' or '*'")]
    [InlineData("http://127.0.0.1:5000", "/no/such/cert.pfx", "CertificatePath is set but EdgeOpt:Server:ListenUrl 'http://127.0.0.1:5000' is http")]
    public void ListenSettings_Invalid_NamedInTheFailure(string url, string? certificate, string expected)
    {
        var options = new ServerOptions { ListenUrl = url, CertificatePath = certificate };

        var result = new ServerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://*:5280")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:5280")]
    [InlineData("http://0.0.0.0:5280")]
    public void ListenUrls_ForAnyOrLoopbackHosts_AreAccepted(string url)
    {
        var result = new ServerOptionsValidator().Validate(null, new ServerOptions { ListenUrl = url });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Limits_OutOfRange_NamedWithTheirRange()
    {
        var options = new ServerOptions { MaxReportsPerBatch = 0, LeaseDuration = TimeSpan.Zero, OperatorToken = "short", FrontMeasurements = -1 };

        var result = new ServerOptionsValidator().Validate(null, options);

        Assert.Contains("EdgeOpt:Server:MaxReportsPerBatch must be in 1..100000 (it is 0)", result.FailureMessage);
        Assert.Contains("EdgeOpt:Server:LeaseDuration must be between", result.FailureMessage);
        Assert.Contains("EdgeOpt:Server:OperatorToken must be at least 32 characters", result.FailureMessage);
        Assert.Contains("EdgeOpt:Server:FrontMeasurements must be in 0..100 (it is -1)", result.FailureMessage);
    }

    [Fact]
    public async Task Start_WithInvalidOptions_FailsBeforeListening()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestFleet.StartAsync(o => o.MaxJobAttempts = 0));

        Assert.Contains("MaxJobAttempts", e.Message);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(0.0)]
    public async Task Start_WithAnOptimizerConfidenceOutsideZeroOne_FailsNamingTheSetting(double confidence)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(
            () => OptimizerFleet.StartAsync(o => o.Confidence = confidence));

        Assert.Contains("EdgeOpt:Optimizer:Confidence must be strictly between 0 and 1", e.Message);
    }

    [Fact]
    public async Task Configuration_BindsTheEdgeOptServerSection()
    {
        string dir = TestFleet.NewTempDirectory();
        try
        {
            await using var app = EdgeOptServer.BuildApp(
                ["--EdgeOpt:Server:ListenUrl=http://127.0.0.1:0", $"--EdgeOpt:Server:DataDirectory={dir}",
                 "--EdgeOpt:Server:LeaseDuration=00:00:07", "--EdgeOpt:Server:Benchmark:MinRuns=33",
                 $"--EdgeOpt:Server:OperatorToken={TestFleet.OperatorSecret}"]);

            var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;

            Assert.Equal(TimeSpan.FromSeconds(7), options.LeaseDuration);
            Assert.Equal(33, options.Benchmark.MinRuns);
            Assert.Equal(dir, options.DataDirectory);
        }
        finally
        {
            TestFleet.TryDelete(dir);
        }
    }
}
