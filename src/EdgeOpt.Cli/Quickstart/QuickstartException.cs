namespace EdgeOpt.Cli.Quickstart;

/// <summary>Something quickstart needs is missing or failed; the message says what and what to do.</summary>
internal sealed class QuickstartException(string message) : Exception(message);
