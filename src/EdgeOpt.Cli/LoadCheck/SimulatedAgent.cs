using System.Diagnostics;
using System.Threading.Channels;
using EdgeOpt.Cli.Client;
using EdgeOpt.Core.Spaces;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.LoadCheck;

/// <summary>
/// One replay agent speaking the Agent protocol over its own connection: enrolls, keeps a job stream open, and
/// reports one batch at a time until told to stop: the measurements of the jobs it received (synthetic replayed
/// latencies) and ad-hoc measurements of random architectures to fill the batch. A batch that fails transiently is
/// sent again with the same idempotency key (at most three tries). Only successful calls count in the latencies;
/// errors count every failed call, retried or not.
/// </summary>
internal sealed class SimulatedAgent(int index, Uri server, string token, LoadCheckSettings settings) : IDisposable
{
    private const int Tries = 3;
    private static readonly Nb201Space Space = SearchSpaces.Nb201;

    private readonly Random _random = new(HashCode.Combine(settings.Seed, index));

    public AgentTally Tally { get; } = new();

    private GrpcChannel? _channel;
    private Wire.Agent.AgentClient? _client;
    private int _maxBatch;

    /// <summary>Opens the connection and enrolls (setup, not timed); false when the server refused, with the reason in the tally.</summary>
    public async Task<bool> EnrollAsync(CancellationToken cancellationToken)
    {
        _channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = settings.CallTimeout },
        });
        _client = new Wire.Agent.AgentClient(_channel.Intercept(FleetConnection.BearerToken(token)));
        var request = new Wire.EnrollRequest
        {
            Mode = "replay",
            AgentVersion = "edgeopt-loadcheck",
            Description = new Wire.DeviceDescription { CpuModel = "simulated", CpuCores = 1, Os = "loadcheck" },
        };
        // Like a real agent, retry a connection that failed (a hundred connect at once); a refusal is final.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var enrolled = await _client.EnrollAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
                _maxBatch = enrolled.MaxBatch;
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < Tries)
            {
                Tally.Error(e.StatusCode);
                Tally.Retries++;
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
            catch (RpcException e)
            {
                Tally.Error(e.StatusCode);
                Tally.FatalError = $"enroll: {e.StatusCode}: {e.Status.Detail}";
                return false;
            }
        }
    }

    /// <summary>Reports until <paramref name="stop"/>; a call in flight then finishes (within its deadline) and counts.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var client = _client ?? throw new InvalidOperationException("enroll the agent first");
        int maxBatch = _maxBatch;
        int batchSize = Math.Max(1, Math.Min(settings.BatchSize, maxBatch > 0 ? maxBatch : settings.BatchSize));
        var jobs = Channel.CreateUnbounded<Wire.Job>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var pump = PumpJobsAsync(client, jobs.Writer, streaming.Token);

        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            var request = new Wire.ReportMeasurementsRequest { IdempotencyKey = $"loadcheck-{index}-{n}" };
            while (request.Reports.Count < batchSize && jobs.Reader.TryRead(out var job)) request.Reports.Add(ReportFor(job));
            int forJobs = request.Reports.Count;
            while (request.Reports.Count < batchSize) request.Reports.Add(AdHoc());
            if (await SendAsync(client, request))
            {
                Tally.JobReports += forJobs;
                Tally.AdHocReports += request.Reports.Count - forJobs;
            }
        }

        await streaming.CancelAsync();
        await pump;
    }

    private async Task<bool> SendAsync(Wire.Agent.AgentClient client, Wire.ReportMeasurementsRequest request)
    {
        for (int attempt = 1; ; attempt++)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var response = await client.ReportMeasurementsAsync(request, deadline: Deadline(), cancellationToken: CancellationToken.None);
                Tally.ReportLatenciesMs.Add(clock.Elapsed.TotalMilliseconds);
                Tally.Batches++;
                Tally.Accepted += response.Accepted;
                Tally.Duplicates += response.Duplicates;
                return true;
            }
            catch (RpcException e)
            {
                Tally.Error(e.StatusCode);
                bool transient = e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted;
                if (!transient || attempt == Tries) return false;
                Tally.Retries++;
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
            }
        }
    }

    private async Task PumpJobsAsync(Wire.Agent.AgentClient client, ChannelWriter<Wire.Job> jobs, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var call = client.TakeJobs(new Wire.TakeJobsRequest { Concurrency = settings.JobConcurrency },
                    deadline: DateTime.UtcNow + settings.Duration + settings.CallTimeout, cancellationToken: stop);
                await foreach (var job in call.ResponseStream.ReadAllAsync(stop)) jobs.TryWrite(job);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is RpcException or OperationCanceledException)
            {
                return;
            }
            catch (RpcException e)
            {
                Tally.Error(e.StatusCode);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private Wire.MeasurementReport ReportFor(Wire.Job job) => new()
    {
        JobId = job.Id,
        Measurement = Replayed(job.Design.Clone()),
    };

    private Wire.MeasurementReport AdHoc() => new()
    {
        Measurement = Replayed(new Wire.Design { Space = Space.Id, Arch = Space.Format(Space.At(_random.Next(checked((int)Space.Size!.Value)))) }),
    };

    private Wire.Measurement Replayed(Wire.Design design)
    {
        double latency = 0.5 + _random.NextDouble() * 40;
        return new Wire.Measurement
        {
            Design = design,
            Latency = new Wire.LatencyStats { MedianMs = latency, P90Ms = latency, MeanMs = latency, Runs = 1 },
            Provenance = Wire.Provenance.Replayed,
            Context = new Wire.MeasurementContext { Machine = $"loadcheck-{index}", Runtime = "edgeopt loadcheck" },
        };
    }

    private DateTime Deadline() => DateTime.UtcNow + settings.CallTimeout;

    public void Dispose() => _channel?.Dispose();
}
