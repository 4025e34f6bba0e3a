using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Auth;

/// <summary>
/// Before the server starts listening: accepts the configured operator token, or, when the store holds no active
/// operator token, creates one and writes it to &lt;DataDirectory&gt;/operator.token (mode 600 on Unix).
/// Logs where the token is, never the token.
/// </summary>
public sealed class OperatorTokenBootstrap(
    TokenService tokens, IOptions<ServerOptions> options, ILogger<OperatorTokenBootstrap> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.OperatorToken))
        {
            tokens.EnsureConfiguredOperatorToken(o.OperatorToken.Trim());
            return Task.CompletedTask;
        }

        var issued = tokens.CreateBootstrapOperatorTokenIfNone();
        if (issued is null) return Task.CompletedTask;

        string path = Path.Combine(Path.GetFullPath(o.DataDirectory), ServerOptions.OperatorTokenFileName);
        WriteSecretFile(path, issued.Secret + Environment.NewLine);
        logger.LogWarning(
            "Created operator token {TokenId}; its secret is in {TokenFile} (readable by this user only). Keep it safe",
            issued.Record.Id, path);
        return Task.CompletedTask;
    }

    /// <summary>Writes a file only the owner can read (0600 on Unix), replacing any older one.</summary>
    internal static void WriteSecretFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
