using EdgeOpt.Server;

namespace EdgeOpt.Cli.Client;

/// <summary>
/// Finds the bearer token: --token, else $EDGEOPT_TOKEN, else the operator.token file the server wrote into its
/// data folder (--data, or ./edgeopt-data when that file exists).
/// </summary>
internal static class TokenSources
{
    public static string Find(string? option, string? dataDirectory, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(option)) return Checked(option, "--token");
        if (environment(ClientOptions.TokenVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
            return Checked(fromEnvironment, $"${ClientOptions.TokenVariable}");

        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            string file = OperatorTokenFile(dataDirectory);
            if (!File.Exists(file))
                throw new CliUsageException(
                    $"--data: '{file}' does not exist; the server writes it on its first start when no operator token is configured");
            return ReadFile(file);
        }

        string fallback = OperatorTokenFile(ClientOptions.DefaultDataDirectory);
        if (File.Exists(fallback)) return ReadFile(fallback);
        throw new CliUsageException(
            $"no token: pass --token, set ${ClientOptions.TokenVariable}, or point --data at the server's data folder " +
            $"(its {ServerOptions.OperatorTokenFileName}; {Path.GetFullPath(fallback)} does not exist)");
    }

    public static string OperatorTokenFile(string dataDirectory) =>
        Path.Combine(Path.GetFullPath(dataDirectory), ServerOptions.OperatorTokenFileName);

    private static string ReadFile(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--data: cannot read '{file}': {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(text)) throw new CliUsageException($"--data: '{file}' is empty");
        return Checked(text, file);
    }

    private static string Checked(string token, string source)
    {
        token = token.Trim();
        if (token.Any(char.IsWhiteSpace) || token.Any(char.IsControl))
            throw new CliUsageException($"{source}: the token contains whitespace; paste it exactly as issued");
        return token;
    }
}
