namespace EdgeOpt.Cli.Client;

/// <summary>Where a fleet verb calls, with which token, how long each call may take, and how it prints.</summary>
internal sealed record ClientSettings(Uri Server, string Token, TimeSpan Timeout, bool Json);

/// <summary>A command line that cannot be used; the message names the option (exit code 2).</summary>
internal sealed class CliUsageException(string message) : Exception(message);
