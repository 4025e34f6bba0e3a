using System.CommandLine;
using System.Text.Json.Nodes;
using EdgeOpt.Cli.Client;
using EdgeOpt.Core.Spaces;
using Spectre.Console;
using Wire = EdgeOpt.Contracts.V1;

namespace EdgeOpt.Cli.Commands;

/// <summary>
/// `edgeopt device register`: registers a device and prints its id and its agent token, once (the server keeps
/// only a hash), inside the exact edgeopt-agent command line to run on the device.
/// </summary>
internal static class DeviceRegisterCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var name = new Option<string>("--name") { Description = "A unique, human-readable device name.", Required = true };
        var spaces = new Option<string[]>("--space")
        {
            Description = $"Search spaces whose signature sets the agent measures ({string.Join(", ", SearchSpaces.Ids)}; comma-separated or repeated; default nb201).",
            AllowMultipleArgumentsPerToken = false,
        };
        var labels = new Option<string[]>("--label") { Description = "A label KEY=VALUE (repeatable).", HelpName = "KEY=VALUE" };
        var agentServer = new Option<string?>("--agent-server")
        {
            Description = "The server URL as the device reaches it, for the printed agent command (default: --server).",
            HelpName = "URL",
        };

        var command = new Command("register", "Register a device; prints its agent token once, in the edgeopt-agent command to run on the device.")
        {
            name, spaces, labels, agentServer,
        };
        client.AddTo(command);
        command.SetAction((parse, ct) => FleetCall.RunAsync(parse, client, async (connection, token) =>
        {
            var request = new Wire.RegisterDeviceRequest { Name = parse.GetValue(name)!, Description = new Wire.DeviceDescription() };
            request.Spaces.Add(ParseSpaces(parse.GetValue(spaces) ?? []));
            foreach (var (key, value) in ParseLabels(parse.GetValue(labels) ?? [])) request.Description.Labels[key] = value;
            string reachableAt = parse.GetValue(agentServer) is { Length: > 0 } url
                ? ClientOptions.ParseServerUrl(url, "--agent-server").ToString().TrimEnd('/')
                : connection.Settings.Server.ToString().TrimEnd('/');

            var response = await connection.Fleet.RegisterDeviceAsync(request, deadline: connection.Deadline(), cancellationToken: token);
            string agentCommand = $"edgeopt-agent --server {Quote(reachableAt)} --token {Quote(response.AgentToken)}";
            if (connection.Settings.Json)
            {
                var json = new JsonObject
                {
                    ["device"] = CliConsole.ToJson(response.Device),
                    ["spaces"] = new JsonArray((request.Spaces.Count == 0 ? ["nb201"] : request.Spaces.ToArray()).Select(s => (JsonNode?)s).ToArray()),
                    ["agentToken"] = response.AgentToken,
                    ["agentCommand"] = agentCommand,
                };
                CliConsole.WriteJson(json);
                return 0;
            }

            var console = CliConsole.Out;
            console.MarkupLineInterpolated(
                $"Registered device [bold]{response.Device.Id}[/] '{response.Device.Name}' for {(request.Spaces.Count == 0 ? "nb201 (default)" : string.Join(", ", request.Spaces))}.");
            console.MarkupLine("Its agent token is shown only now (the server keeps just a hash). On the device, run:");
            console.WriteLine();
            // Written plainly: no markup, no wrapping, so it can be copied as it is.
            Console.Out.WriteLine("  " + agentCommand);
            Console.Out.WriteLine();
            Console.Out.Flush();
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Space ids from repeated and comma-separated values, checked against the known spaces.</summary>
    internal static IReadOnlyList<string> ParseSpaces(IEnumerable<string> values)
    {
        var ids = new List<string>();
        foreach (var part in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!SearchSpaces.TryGet(part, out var space))
                throw new CliUsageException($"--space: unknown search space '{part}'; allowed: {string.Join(", ", SearchSpaces.Ids)}");
            if (!ids.Contains(space.Id)) ids.Add(space.Id);
        }
        return ids;
    }

    internal static IReadOnlyList<(string Key, string Value)> ParseLabels(IEnumerable<string> values)
    {
        var labels = new List<(string, string)>();
        foreach (var text in values)
        {
            int equals = text.IndexOf('=');
            if (equals <= 0 || text[..equals].Trim().Length == 0)
                throw new CliUsageException($"--label: '{text}' is not KEY=VALUE (for example --label site=lab-2)");
            string key = text[..equals].Trim();
            if (labels.Any(l => l.Item1 == key)) throw new CliUsageException($"--label: key '{key}' is given twice");
            labels.Add((key, text[(equals + 1)..].Trim()));
        }
        return labels;
    }

    /// <summary>Quotes a word for a POSIX shell when it holds anything beyond plain URL/token characters.</summary>
    internal static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_.:/@%+=,".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
