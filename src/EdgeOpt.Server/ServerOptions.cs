namespace EdgeOpt.Server;

/// <summary>
/// Settings of the fleet server, bound from the configuration section <see cref="SectionName"/>
/// ("EdgeOpt:Server") and validated at start by <see cref="ServerOptionsValidator"/>.
/// </summary>
public sealed class ServerOptions
{
    public const string SectionName = "EdgeOpt:Server";

    /// <summary>The database file inside <see cref="DataDirectory"/>.</summary>
    public const string DatabaseFileName = "edgeopt.db";

    /// <summary>Where the bootstrap operator token is written, inside <see cref="DataDirectory"/>.</summary>
    public const string OperatorTokenFileName = "operator.token";

    /// <summary>
    /// Where the server listens: http:// (HTTP/2 cleartext) or https:// (TLS; needs <see cref="CertificatePath"/>).
    /// Host: an IP address, "localhost", or "*" for all interfaces. Port 0 picks a free port (read it from
    /// <c>WebApplication.Urls</c> after start).
    /// </summary>
    public string ListenUrl { get; set; } = "http://127.0.0.1:5280";

    /// <summary>Folder holding the one LiteDB file and the bootstrap operator token; created when missing.</summary>
    public string DataDirectory { get; set; } = "./edgeopt-data";

    /// <summary>PFX/PKCS#12 certificate for an https:// <see cref="ListenUrl"/>.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>
    /// An operator token to accept (for tests and automation; at least 32 characters). When set, no token file is
    /// written; when absent and the store holds no active operator token, one is generated into
    /// <see cref="OperatorTokenFileName"/>.
    /// </summary>
    public string? OperatorToken { get; set; }

    /// <summary>
    /// Largest gRPC request message accepted, in bytes (larger ones get ResourceExhausted). 16 MiB holds a Predict of
    /// every NAS-Bench-201 cell (about 1.2 MB) with room for ONNX model targets.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most reports in one ReportMeasurements batch (more: ResourceExhausted). Told to agents at enrollment.</summary>
    public int MaxReportsPerBatch { get; set; } = 1000;

    /// <summary>Most jobs an agent may hold leased at once (TakeJobs concurrency).</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>How long a leased job stays with an agent without a heartbeat naming it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often expired leases are returned to the queue.</summary>
    public TimeSpan LeaseSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A job fails for good after this many attempts without a result (expired leases, retryable failures).</summary>
    public int MaxJobAttempts { get; set; } = 3;

    /// <summary>Heartbeat period told to agents at enrollment.</summary>
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>How long a ReportMeasurements idempotency key is remembered.</summary>
    public TimeSpan ReportKeyRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Architectures per signature set (K).</summary>
    public int SignatureSetSize { get; set; } = 10;

    /// <summary>
    /// Front measurements per device and space after its signature set (0 = none): one at a time, each chosen once the
    /// device's predictor has taken the one before, at the most accurate design likely to fit under one of evenly
    /// spaced quantiles of the space's predicted latencies, slowest quantile first (<c>FrontierMeasurements</c> with
    /// fallback placement, as <c>edgeopt eval optimize</c> measures it). Each is a design measured where budgets cut the
    /// accuracy/latency front: the predictor is pinned down there and the optimizer's verification can fall back on it.
    /// </summary>
    public int FrontMeasurements { get; set; } = 5;

    /// <summary>Seed of the default signature-set choice.</summary>
    public int SignatureSeed { get; set; }

    /// <summary>
    /// Folder of pretrained models (layout <c>&lt;space&gt;/latency.model</c> + <c>latency.card.json</c>,
    /// <c>accuracy-&lt;dataset&gt;.model</c>); null = <c>&lt;AppContext.BaseDirectory&gt;/models</c>. A space with no stored
    /// predictor version imports its pretrained latency model as version 1 at start; without one the server runs
    /// without a predictor for that space until one is trained.
    /// </summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>
    /// Latency method the Train RPC uses ("neural-linear" or "ridge"); null = the method of the space's latest version,
    /// else the project's default method.
    /// </summary>
    public string? PredictorMethod { get; set; }

    /// <summary>
    /// Fewest measurements in a space a device needs to act as a proxy for new devices (the proxy path); with no such
    /// device a new device gets the cross-device model adapted to its measurements.
    /// </summary>
    public int ProxyMinimumMeasurements { get; set; } = 100;

    /// <summary>
    /// Most measurements a device's predictor is adapted to: a device measured more keeps its first
    /// <see cref="SignatureSetSize"/> measurements (its signature set) and its most recent ones. Adapting costs grow with
    /// the cube of the count for the kernel-form models (ridge: about 20 s for 400 measurements in a debug build).
    /// </summary>
    public int MaxAdaptObservations { get; set; } = 150;

    /// <summary>Held-out devices of the quick leave-one-device-out score recorded in a trained version's card (0 = none).</summary>
    public int TrainScoreDevices { get; set; } = 3;

    /// <summary>Seed of device modeling (proxy bootstrap) and of the leave-one-device-out score.</summary>
    public int PredictorSeed { get; set; }

    /// <summary>Benchmark settings given to queued jobs unless the caller sets its own.</summary>
    public BenchmarkDefaults Benchmark { get; set; } = new();

    /// <summary>Default benchmark settings (see the proto's BenchmarkSettings).</summary>
    public sealed class BenchmarkDefaults
    {
        public int WarmupRuns { get; set; } = 10;
        public int MinRuns { get; set; } = 20;
        public int MaxRuns { get; set; } = 200;
        public double TargetRelativeStandardError { get; set; } = 0.02;
        public double MaxSeconds { get; set; } = 30;

        /// <summary>0 = the runtime's default.</summary>
        public int IntraOpThreads { get; set; }

        public int BatchSize { get; set; } = 1;

        /// <summary>Ask for energy where the device reports a meter.</summary>
        public bool MeasureEnergy { get; set; } = true;
    }
}
