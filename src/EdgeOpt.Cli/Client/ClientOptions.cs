using System.CommandLine;
using EdgeOpt.Server;

namespace EdgeOpt.Cli.Client;

/// <summary>
/// The options every fleet verb shares (--server, --token, --data, --timeout, --json). Each verb makes its own
/// instance and adds it with <see cref="AddTo"/>; <see cref="Resolve"/> turns a parse into <see cref="ClientSettings"/>.
/// </summary>
internal sealed class ClientOptions
{
    /// <summary>Environment variable read for the token when --token is not given.</summary>
    public const string TokenVariable = "EDGEOPT_TOKEN";

    /// <summary>Environment variable read for the server URL when --server is not given.</summary>
    public const string ServerVariable = "EDGEOPT_SERVER";

    /// <summary>The data folder looked in for operator.token when neither --token, EDGEOPT_TOKEN nor --data is given.</summary>
    public static string DefaultDataDirectory { get; } = new ServerOptions().DataDirectory;

    /// <summary>The URL the server listens on by default (what `edgeopt serve` binds without --listen).</summary>
    public static string DefaultServerUrl { get; } = new ServerOptions().ListenUrl;

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The EdgeOpt server's URL (else ${ServerVariable}, else {DefaultServerUrl}).",
        HelpName = "URL",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Bearer token (else ${TokenVariable}, else the operator.token file under --data or {DefaultDataDirectory}).",
    };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = $"The server's data folder, to read its operator.token (default {DefaultDataDirectory} when present).",
        HelpName = "DIR",
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call to the server, in seconds.",
        DefaultValueFactory = _ => 30,
        HelpName = "SECONDS",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON (for scripts) instead of tables." };

    /// <summary>Whether the command takes the --json flag (false for verbs whose --json names an output file).</summary>
    public bool WithJsonFlag { get; init; } = true;

    public void AddTo(Command command)
    {
        command.Add(Server);
        command.Add(Token);
        command.Add(Data);
        command.Add(Timeout);
        if (WithJsonFlag) command.Add(Json);
    }

    /// <summary>
    /// The server, token, deadline and output format of a parsed command line. <see cref="CliUsageException"/>
    /// names the option when one is unusable or when no token can be found.
    /// </summary>
    public ClientSettings Resolve(ParseResult parse, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string serverText = parse.GetValue(Server) is { Length: > 0 } given ? given
            : environment(ServerVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim()
            : DefaultServerUrl;
        var server = ParseServerUrl(serverText, "--server");

        double seconds = parse.GetValue(Timeout);
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 24 * 3600)
            throw new CliUsageException($"--timeout: is {seconds}; allowed: more than 0 and at most 86400 seconds");

        string token = TokenSources.Find(parse.GetValue(Token), parse.GetValue(Data), environment);
        return new ClientSettings(server, token, TimeSpan.FromSeconds(seconds), WithJsonFlag && parse.GetValue(Json));
    }

    /// <summary>An absolute http:// or https:// URL without a path; the message names <paramref name="option"/>.</summary>
    public static Uri ParseServerUrl(string text, string option)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            throw new CliUsageException($"{option}: '{text}' is not a server URL; expected http://HOST:PORT or https://HOST:PORT");
        return uri;
    }
}
