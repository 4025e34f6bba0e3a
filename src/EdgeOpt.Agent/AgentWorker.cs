using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Threading.Channels;
using EdgeOpt.Agent.Jobs;
using EdgeOpt.Agent.Transport;
using EdgeOpt.Contracts.V1;
using AgentClient = EdgeOpt.Contracts.V1.Agent.AgentClient;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EdgeOpt.Agent;

/// <summary>
/// The agent's loop. Enrolls (retrying with backoff until the server answers), then keeps a TakeJobs stream
/// open, reopening it with exponential backoff and jitter whenever it drops, and runs the jobs it receives with
/// <see cref="IJobExecutor"/>, <see cref="AgentOptions.Concurrency"/> at a time. Each result is reported at once:
/// a measurement with an idempotency key that its retries share, or a job failure. A heartbeat lists the jobs
/// running. Every call carries a deadline.
/// </summary>
/// <remarks>
/// Stopping (the token passed to <see cref="RunAsync"/>): no new job is taken; a running job may finish within
/// <see cref="AgentOptions.ShutdownGrace"/>, else it is cancelled and handed back as a retryable failure, as are
/// jobs received but not started; reports still in flight get a few more seconds. A rejection by the server
/// (bad or revoked token) stops the agent with exit code 3.
/// </remarks>
public sealed class AgentWorker
{
    /// <summary>Exit code when the server rejects the agent's token.</summary>
    public const int RejectedExitCode = 3;

    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(5);

    private readonly AgentClient _client;
    private readonly IJobExecutor _executor;
    private readonly DeviceDescription _description;
    private readonly AgentOptions _options;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;
    private readonly ConcurrentDictionary<string, Job> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);
    private string _deviceId = "";

    public AgentWorker(
        AgentClient client, IJobExecutor executor, DeviceDescription description, AgentOptions options, ILogger logger,
        Backoff? backoff = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        _description = description ?? throw new ArgumentNullException(nameof(description));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _backoff = backoff ?? options.CreateBackoff();
    }

    /// <summary>The device id the server gave at enrollment ("" before).</summary>
    public string DeviceId => Volatile.Read(ref _deviceId);

    /// <summary>Ids of the jobs running now (reported in heartbeats).</summary>
    public IReadOnlyCollection<string> RunningJobIds => _running.Keys.ToArray();

    public static string AgentVersion { get; } =
        typeof(AgentWorker).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Runs until <paramref name="stopping"/> is cancelled (exit code 0) or the server rejects the agent (3).</summary>
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        using var abort = new CancellationTokenSource();
        using var final = new CancellationTokenSource();
        using var onStop = stopping.Register(() =>
        {
            _logger.LogInformation("Stopping: no new jobs; a running job has {Grace} s to finish", _options.ShutdownGraceSeconds);
            abort.CancelAfter(_options.ShutdownGrace);
            final.CancelAfter(_options.ShutdownGrace + ReportGrace);
        });

        EnrollResponse enrolled;
        try
        {
            enrolled = await EnrollAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _logger.LogInformation("Stopped before enrolling");
            return 0;
        }
        catch (AgentRejectedException e)
        {
            _logger.LogCritical("{Reason}", e.Message);
            return RejectedExitCode;
        }

        using var taking = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var jobs = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleWriter = true });
        var heartbeat = HeartbeatLoopAsync(HeartbeatInterval(enrolled), taking.Token);
        var workers = Enumerable.Range(0, _options.Concurrency)
            .Select(_ => Task.Run(() => WorkAsync(jobs.Reader, taking.Token, abort.Token, final.Token), CancellationToken.None))
            .ToArray();

        var exitCode = 0;
        try
        {
            await PumpJobsAsync(jobs.Writer, taking.Token).ConfigureAwait(false);
        }
        catch (AgentRejectedException e)
        {
            _logger.LogCritical("{Reason}", e.Message);
            exitCode = RejectedExitCode;
        }
        finally
        {
            jobs.Writer.TryComplete();
            await taking.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
        while (jobs.Reader.TryRead(out var left))
        {
            await ReportFailureAsync(left, "the agent stopped before starting the job", retryable: true, final.Token).ConfigureAwait(false);
            _accepted.TryRemove(left.Id, out _);
        }
        _logger.LogInformation("Agent stopped");
        return exitCode;
    }

    private TimeSpan HeartbeatInterval(EnrollResponse enrolled) =>
        _options.HeartbeatSeconds > 0 ? TimeSpan.FromSeconds(_options.HeartbeatSeconds)
        : enrolled.HeartbeatSeconds > 0 ? TimeSpan.FromSeconds(enrolled.HeartbeatSeconds)
        : DefaultHeartbeat;

    private DateTime Deadline() => DateTime.UtcNow + _options.RpcTimeout;

    private async Task<EnrollResponse> EnrollAsync(CancellationToken stopping)
    {
        var request = new EnrollRequest { Description = _description, AgentVersion = AgentVersion, Mode = _executor.Mode };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await _client.EnrollAsync(request, deadline: Deadline(), cancellationToken: stopping).ConfigureAwait(false);
                Volatile.Write(ref _deviceId, response.Device?.Id ?? "");
                _logger.LogInformation(
                    "Enrolled as device {DeviceId} ({DeviceName}) in {Mode} mode; heartbeat every {HeartbeatSeconds} s",
                    DeviceId, response.Device?.Name, _executor.Mode, HeartbeatInterval(response).TotalSeconds);
                return response;
            }
            catch (RpcException e) when (RpcFailures.IsRejection(e.StatusCode))
            {
                throw new AgentRejectedException($"The server rejected the enrollment ({RpcFailures.Describe(e)}); check --token", e);
            }
            catch (RpcException e) when (!stopping.IsCancellationRequested)
            {
                var delay = _backoff.Delay(attempt);
                _logger.LogWarning("Enroll failed ({Reason}); retrying in {DelayMs} ms (attempt {Attempt})",
                    RpcFailures.Describe(e), (long)delay.TotalMilliseconds, attempt + 1);
                await Task.Delay(delay, stopping).ConfigureAwait(false);
            }
            catch (RpcException) when (stopping.IsCancellationRequested)
            {
                throw new OperationCanceledException(stopping);
            }
        }
    }

    /// <summary>Keeps the job stream open until <paramref name="taking"/> is cancelled; each reconnect is logged.</summary>
    private async Task PumpJobsAsync(ChannelWriter<Job> jobs, CancellationToken taking)
    {
        var failures = 0;
        while (!taking.IsCancellationRequested)
        {
            var opened = Stopwatch.StartNew();
            var received = 0;
            string reason;
            try
            {
                using var call = _client.TakeJobs(
                    new TakeJobsRequest { Concurrency = _options.Concurrency },
                    deadline: DateTime.UtcNow + _options.StreamDeadline,
                    cancellationToken: taking);
                _logger.LogDebug("Job stream open");
                await foreach (var job in call.ResponseStream.ReadAllAsync(taking).ConfigureAwait(false))
                {
                    received++;
                    failures = 0;
                    Accept(job, jobs);
                }
                reason = "the server closed the stream";
            }
            catch (Exception e) when (taking.IsCancellationRequested && e is RpcException or OperationCanceledException)
            {
                return;
            }
            catch (RpcException e) when (RpcFailures.IsRejection(e.StatusCode))
            {
                throw new AgentRejectedException($"The server rejected the job stream ({RpcFailures.Describe(e)}); check --token", e);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded && opened.Elapsed >= _options.StreamDeadline * 0.9)
            {
                _logger.LogDebug("Job stream reached its {Seconds} s deadline; reopening", _options.StreamDeadlineSeconds);
                failures = 0;
                continue;
            }
            catch (RpcException e)
            {
                reason = RpcFailures.Describe(e);
            }

            // A stream that stayed up longer than the longest wait was healthy: start the backoff again.
            if (opened.Elapsed > _backoff.Maximum) failures = 0;
            var delay = _backoff.Delay(failures);
            failures++;
            _logger.LogWarning(
                "Job stream lost ({Reason}) after {Seconds:F1} s and {Received} job(s); reconnecting in {DelayMs} ms (attempt {Attempt})",
                reason, opened.Elapsed.TotalSeconds, received, (long)delay.TotalMilliseconds, failures);
            try
            {
                await Task.Delay(delay, taking).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Accept(Job job, ChannelWriter<Job> jobs)
    {
        if (string.IsNullOrEmpty(job.Id))
        {
            _logger.LogWarning("Ignoring a job without an id from the server");
            return;
        }
        if (!_accepted.TryAdd(job.Id, job))
        {
            _logger.LogDebug("Job {JobId} is already queued or running here; ignoring the copy sent again", job.Id);
            return;
        }
        _logger.LogDebug("Received job {JobId} (attempt {Attempt})", job.Id, job.Attempts);
        jobs.TryWrite(job);
    }

    private async Task WorkAsync(ChannelReader<Job> jobs, CancellationToken taking, CancellationToken abort, CancellationToken final)
    {
        while (true)
        {
            try
            {
                if (!await jobs.WaitToReadAsync(taking).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (taking.IsCancellationRequested) return;
            if (!jobs.TryRead(out var job)) continue;
            await RunJobAsync(job, abort, final).ConfigureAwait(false);
        }
    }

    private async Task RunJobAsync(Job job, CancellationToken abort, CancellationToken final)
    {
        _running.TryAdd(job.Id, 0);
        try
        {
            _logger.LogInformation("Running job {JobId}: {Space} {Arch} ({Purpose}, attempt {Attempt})",
                job.Id, job.Design?.Space, job.Design?.Arch, job.Purpose, job.Attempts);
            var clock = Stopwatch.StartNew();
            JobOutcome outcome;
            try
            {
                outcome = await _executor.ExecuteAsync(job, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                outcome = JobOutcome.Failed("the agent stopped before the job finished", retryable: true);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Job {JobId} failed inside the agent", job.Id);
                outcome = JobOutcome.Failed($"agent error: {e.GetType().Name}: {e.Message}", retryable: false);
            }

            if (outcome.Measurement is { } measurement)
            {
                if (measurement.DeviceId.Length == 0) measurement.DeviceId = DeviceId;
                await ReportMeasurementAsync(job, measurement, clock.Elapsed, final).ConfigureAwait(false);
            }
            else
            {
                await ReportFailureAsync(job, outcome.FailureReason!, outcome.Retryable, final).ConfigureAwait(false);
            }
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            _accepted.TryRemove(job.Id, out _);
        }
    }

    private async Task ReportMeasurementAsync(Job job, Measurement measurement, TimeSpan took, CancellationToken final)
    {
        var request = new ReportMeasurementsRequest
        {
            IdempotencyKey = IdempotencyKeys.ForJob(DeviceId, job.Id, job.Attempts),
            Reports = { new MeasurementReport { JobId = job.Id, Measurement = measurement } },
        };
        try
        {
            var response = await CallWithRetriesAsync(
                "ReportMeasurements",
                (deadline, token) => _client.ReportMeasurementsAsync(request, deadline: deadline, cancellationToken: token).ResponseAsync,
                final).ConfigureAwait(false);
            _logger.LogInformation(
                "Job {JobId} done in {Seconds:F1} s: median {MedianMs:F3} ms over {Runs} run(s){Energy}, {Provenance}; reported ({Accepted} accepted, {Duplicates} duplicate)",
                job.Id, took.TotalSeconds, measurement.Latency.MedianMs, measurement.Latency.Runs,
                measurement.Energy is { } e ? $", {e.TotalMj:F3} mJ per run ({e.Meter}:{e.Rail})" : "",
                measurement.Provenance, response.Accepted, response.Duplicates);
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            _logger.LogError(
                "Giving up reporting job {JobId} (key {Key}): {Reason}; the server will lease it again when its lease runs out",
                job.Id, request.IdempotencyKey, e is RpcException rpc ? RpcFailures.Describe(rpc) : "the agent is stopping");
        }
    }

    private async Task ReportFailureAsync(Job job, string reason, bool retryable, CancellationToken final)
    {
        var request = new ReportJobFailureRequest { JobId = job.Id, Reason = reason, Retryable = retryable };
        _logger.LogWarning("Job {JobId} failed ({Retry}): {Reason}", job.Id, retryable ? "retryable" : "not retryable", reason);
        try
        {
            var response = await CallWithRetriesAsync(
                "ReportJobFailure",
                (deadline, token) => _client.ReportJobFailureAsync(request, deadline: deadline, cancellationToken: token).ResponseAsync,
                final).ConfigureAwait(false);
            _logger.LogDebug("Job {JobId} failure reported; the server set it to {State}", job.Id, response.State);
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            _logger.LogError("Giving up reporting the failure of job {JobId}: {Reason}",
                job.Id, e is RpcException rpc ? RpcFailures.Describe(rpc) : "the agent is stopping");
        }
    }

    /// <summary>Sends a call until it succeeds, fails for good, or <see cref="AgentOptions.ReportAttempts"/> tries fail transiently.</summary>
    private async Task<T> CallWithRetriesAsync<T>(string name, Func<DateTime, CancellationToken, Task<T>> call, CancellationToken token)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(Deadline(), token).ConfigureAwait(false);
            }
            catch (RpcException e) when (RpcFailures.IsTransient(e.StatusCode) && attempt + 1 < _options.ReportAttempts && !token.IsCancellationRequested)
            {
                var delay = _backoff.Delay(attempt);
                _logger.LogWarning("{Call} failed ({Reason}); retrying in {DelayMs} ms (attempt {Attempt} of {Attempts})",
                    name, RpcFailures.Describe(e), (long)delay.TotalMilliseconds, attempt + 1, _options.ReportAttempts);
                await Task.Delay(delay, token).ConfigureAwait(false);
            }
        }
    }

    private async Task HeartbeatLoopAsync(TimeSpan interval, CancellationToken taking)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(taking).ConfigureAwait(false))
            {
                var request = new HeartbeatRequest { RunningJobIds = { _running.Keys.Order(StringComparer.Ordinal) } };
                try
                {
                    await _client.HeartbeatAsync(request, deadline: Deadline(), cancellationToken: taking).ConfigureAwait(false);
                    _logger.LogDebug("Heartbeat sent with {Running} running job(s)", request.RunningJobIds.Count);
                }
                catch (RpcException e) when (!taking.IsCancellationRequested)
                {
                    _logger.LogWarning("Heartbeat failed ({Reason})", RpcFailures.Describe(e));
                }
            }
        }
        catch (Exception e) when (taking.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
        }
    }
}
