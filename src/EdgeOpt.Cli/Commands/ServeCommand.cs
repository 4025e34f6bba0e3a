using System.CommandLine;
using EdgeOpt.Cli.Client;
using EdgeOpt.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt serve`: runs the fleet server in this process until Ctrl+C or SIGTERM. The options set the common
/// settings; any other setting of the server is given as configuration, after the options
/// (<c>--EdgeOpt:Server:LeaseDuration=00:00:30</c>) or in the environment (<c>EdgeOpt__Server__LeaseDuration</c>).
/// </summary>
internal static class ServeCommand
{
    /// <summary>How long a graceful stop may take: within System.CommandLine's 2 s termination window.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(1.5);

    public static Command Create()
    {
        var listen = new Option<string?>("--listen")
        {
            Description = $"URL to listen on: http://HOST:PORT (HTTP/2 cleartext) or https://HOST:PORT with --cert (default {ClientOptions.DefaultServerUrl}; port 0 picks a free one).",
            HelpName = "URL",
        };
        var data = new Option<string?>("--data")
        {
            Description = $"Folder of the database and the bootstrap operator token (default {ClientOptions.DefaultDataDirectory}).",
            HelpName = "DIR",
        };
        var certificate = new Option<string?>("--cert") { Description = "PFX/PKCS#12 certificate for an https:// --listen URL.", HelpName = "FILE" };
        var password = new Option<string?>("--cert-password-env")
        {
            Description = "Name of the environment variable holding the certificate's password (kept off the command line).",
            HelpName = "VARIABLE",
        };
        var command = new Command("serve", "Run the fleet server (gRPC) in this process until Ctrl+C. Further server settings: --EdgeOpt:Server:NAME=VALUE.")
        {
            listen, data, certificate, password,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            string? passwordText = null;
            if (parse.GetValue(password) is { Length: > 0 } variable)
            {
                passwordText = Environment.GetEnvironmentVariable(variable);
                if (passwordText is null) return UsageError($"--cert-password-env: the environment variable '{variable}' is not set");
            }
            foreach (var token in parse.UnmatchedTokens)
            {
                if (!token.StartsWith("--", StringComparison.Ordinal) || !token.Contains('=', StringComparison.Ordinal))
                    return UsageError($"serve: unexpected '{token}'; server settings are given as --Section:Name=value (for example --EdgeOpt:Server:LeaseDuration=00:00:30)");
            }
            // Quiet request logging by default; settings given after the options come later and win.
            string[] configuration = ["--Logging:LogLevel:Microsoft.AspNetCore=Warning", .. parse.UnmatchedTokens];
            return await RunAsync(configuration, o =>
            {
                if (parse.GetValue(listen) is { Length: > 0 } url) o.ListenUrl = url;
                if (parse.GetValue(data) is { Length: > 0 } directory) o.DataDirectory = directory;
                if (parse.GetValue(certificate) is { Length: > 0 } pfx) o.CertificatePath = pfx;
                if (passwordText is not null) o.CertificatePassword = passwordText;
            }, ct);
        });
        return command;
    }

    private static int UsageError(string message)
    {
        CliConsole.WriteError(message);
        return 2;
    }

    private static async Task<int> RunAsync(string[] configuration, Action<ServerOptions> configure, CancellationToken stopping)
    {
        WebApplication app;
        try
        {
            app = EdgeOptServer.BuildApp(configuration, configure,
                builder =>
                {
                    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                    // int8 ONNX answers of Optimize get activation ranges measured with ONNX Runtime.
                    builder.Services.AddSingleton<EdgeOpt.Core.Onnx.IActivationCalibrator>(new EdgeOpt.Runtime.Calibration.OnnxRuntimeCalibrator());
                });
        }
        catch (OptionsValidationException e)
        {
            // Building the host reads the options already (Kestrel's endpoint comes from them).
            foreach (var failure in e.Failures) CliConsole.WriteError($"serve: {failure}");
            return 2;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            CliConsole.WriteError($"serve: {e.Message}");
            return 2;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync(stopping);
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures) CliConsole.WriteError($"serve: {failure}");
                return 2;
            }
            catch (IOException e)
            {
                // Kestrel reports a port in use as an IOException ("address already in use").
                CliConsole.WriteError($"serve: cannot listen: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return 0;
            }

            var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
            string dataDirectory = Path.GetFullPath(options.DataDirectory);
            string tokenFile = TokenSources.OperatorTokenFile(dataDirectory);
            string address = app.Urls.FirstOrDefault() ?? options.ListenUrl;
            // Plain lines on standard output: scripts and tests read the address from the first one.
            Console.Out.WriteLine($"edgeopt serve: listening on {address}");
            Console.Out.WriteLine($"edgeopt serve: data in {dataDirectory}");
            Console.Out.WriteLine(!string.IsNullOrWhiteSpace(options.OperatorToken)
                ? "edgeopt serve: operator token: the one configured in EdgeOpt:Server:OperatorToken"
                : File.Exists(tokenFile)
                    ? $"edgeopt serve: operator token in {tokenFile} (fleet verbs read it with --data {dataDirectory})"
                    : $"edgeopt serve: operator token: none in {tokenFile}; the store holds an active one from an earlier start");
            Console.Out.WriteLine("edgeopt serve: press Ctrl+C to stop");
            Console.Out.Flush();

            try
            {
                await app.WaitForShutdownAsync(stopping);
            }
            catch (OperationCanceledException)
            {
            }
            Console.Out.WriteLine("edgeopt serve: stopped");
            Console.Out.Flush();
            return 0;
        }
    }
}
