using System.Net;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server;

/// <summary>Checks <see cref="ServerOptions"/> at start; each failure names the setting and the allowed values.</summary>
public sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    private const string P = ServerOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, ServerOptions o)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(o.DataDirectory))
            failures.Add($"{P}DataDirectory is required (a folder for the database and the operator token)");

        if (!TryParseListenUrl(o.ListenUrl, out var url, out var urlError))
            failures.Add(urlError!);
        else if (url!.Scheme == Uri.UriSchemeHttps && string.IsNullOrWhiteSpace(o.CertificatePath))
            failures.Add($"{P}ListenUrl is https but {P}CertificatePath is not set (a PFX file)");
        else if (url.Scheme == Uri.UriSchemeHttp && !string.IsNullOrWhiteSpace(o.CertificatePath))
            failures.Add($"{P}CertificatePath is set but {P}ListenUrl '{o.ListenUrl}' is http; use https:// to serve TLS");

        if (!string.IsNullOrWhiteSpace(o.CertificatePath) && !File.Exists(o.CertificatePath))
            failures.Add($"{P}CertificatePath '{o.CertificatePath}' does not exist");

        if (o.OperatorToken is { } token && token.Trim().Length < 32)
            failures.Add($"{P}OperatorToken must be at least 32 characters (it has {token.Trim().Length})");

        Range(failures, "MaxReceiveMessageSize", o.MaxReceiveMessageSize, 1024, 256 * 1024 * 1024);
        Range(failures, "MaxReportsPerBatch", o.MaxReportsPerBatch, 1, 100_000);
        Range(failures, "MaxConcurrency", o.MaxConcurrency, 1, 1024);
        Range(failures, "MaxJobAttempts", o.MaxJobAttempts, 1, 100);
        Range(failures, "HeartbeatSeconds", o.HeartbeatSeconds, 1, 3600);
        Range(failures, "SignatureSetSize", o.SignatureSetSize, 1, 1000);
        Range(failures, "FrontMeasurements", o.FrontMeasurements, 0, 100);
        Range(failures, "ProxyMinimumMeasurements", o.ProxyMinimumMeasurements, 3, 1_000_000);
        Range(failures, "TrainScoreDevices", o.TrainScoreDevices, 0, 1000);
        Range(failures, "MaxAdaptObservations", o.MaxAdaptObservations, 3, 100_000);
        if (o.PredictorMethod is { } method && !EdgeOpt.Learning.Latency.LatencyMethods.Names.Contains(method.Trim().ToLowerInvariant()))
            failures.Add($"{P}PredictorMethod '{method}' is not known; allowed: {string.Join(", ", EdgeOpt.Learning.Latency.LatencyMethods.Names)}");
        Span(failures, "LeaseDuration", o.LeaseDuration, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1));
        Span(failures, "LeaseSweepInterval", o.LeaseSweepInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Span(failures, "ReportKeyRetention", o.ReportKeyRetention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));

        var b = o.Benchmark;
        Range(failures, "Benchmark:WarmupRuns", b.WarmupRuns, 0, 100_000);
        Range(failures, "Benchmark:MinRuns", b.MinRuns, 1, 1_000_000);
        if (b.MaxRuns < b.MinRuns) failures.Add($"{P}Benchmark:MaxRuns ({b.MaxRuns}) must be at least Benchmark:MinRuns ({b.MinRuns})");
        if (!(b.TargetRelativeStandardError >= 0 && b.TargetRelativeStandardError < 1))
            failures.Add($"{P}Benchmark:TargetRelativeStandardError must be in [0, 1) (it is {b.TargetRelativeStandardError})");
        if (!(b.MaxSeconds > 0 && b.MaxSeconds <= 3600))
            failures.Add($"{P}Benchmark:MaxSeconds must be in (0, 3600] (it is {b.MaxSeconds})");
        Range(failures, "Benchmark:IntraOpThreads", b.IntraOpThreads, 0, 1024);
        Range(failures, "Benchmark:BatchSize", b.BatchSize, 1, 4096);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses a listen URL: http or https, a host that is an IP address, "localhost" or "*", a port 0..65535.</summary>
    public static bool TryParseListenUrl(string? text, out Uri? url, out string? error)
    {
        url = null;
        error = null;
        // Uri cannot parse "*" as a host; read it as "any address".
        string normalized = (text ?? "").Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal)
                                        .Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || parsed.AbsolutePath != "/")
        {
            error = $"{P}ListenUrl '{text}' is not a listen URL; expected http://HOST:PORT or https://HOST:PORT";
            return false;
        }
        if (!parsed.IsLoopback && !IPAddress.TryParse(parsed.Host.Trim('[', ']'), out _)
            && !string.Equals(parsed.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            error = $"{P}ListenUrl host '{parsed.Host}' must be an IP address, 'localhost' or '*'";
            return false;
        }
        string authority = normalized.Split("://", 2)[1].Split('/')[0];
        bool hasPort = authority.StartsWith('[') ? authority.Contains("]:", StringComparison.Ordinal) : authority.Contains(':');
        if (!hasPort || parsed.Port is < 0 or > 65535)
        {
            error = $"{P}ListenUrl '{text}' needs an explicit port (0..65535; 0 picks a free one)";
            return false;
        }
        url = parsed;
        return true;
    }

    private static void Range(List<string> failures, string key, long value, long min, long max)
    {
        if (value < min || value > max) failures.Add($"{P}{key} must be in {min}..{max} (it is {value})");
    }

    private static void Span(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max) failures.Add($"{P}{key} must be between {min} and {max} (it is {value})");
    }
}
