using System.CommandLine;
using Grpc.Core;

namespace EdgeOpt.Cli.Client;

/// <summary>
/// Runs a fleet verb: resolves the client options, opens the connection, and turns failures into one line on
/// standard error and an exit code, never a stack trace. Exit codes: 0 done, 1 the server refused or could not be
/// reached, 2 unusable options, 130 cancelled (Ctrl+C).
/// </summary>
internal static class FleetCall
{
    public const int ServerError = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(
        ParseResult parse,
        ClientOptions options,
        Func<FleetConnection, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        ClientSettings settings;
        try
        {
            settings = options.Resolve(parse);
        }
        catch (CliUsageException e)
        {
            CliConsole.WriteError(e.Message);
            return UsageError;
        }

        using var connection = FleetConnection.Open(settings);
        try
        {
            return await body(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException e)
        {
            CliConsole.WriteError(e.Message);
            return UsageError;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            CliConsole.WriteError("cancelled");
            return Cancelled;
        }
        catch (RpcException e)
        {
            CliConsole.WriteError(RpcErrorText.Describe(e, settings));
            return ServerError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CliConsole.WriteError("cancelled");
            return Cancelled;
        }
        catch (IOException e)
        {
            CliConsole.WriteError($"cannot write the output: {e.Message}");
            return ServerError;
        }
    }
}
