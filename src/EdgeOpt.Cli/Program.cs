using System.CommandLine;
using EdgeOpt.Cli.Client;
using EdgeOpt.Cli.Commands;
using Spectre.Console;

namespace EdgeOpt.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Output to a file or a pipe: the verbs that print through AnsiConsole (eval, bench, train) get tables as wide
        // as CliConsole's, instead of Spectre's 80 columns that cut cells such as "1047.3" to "1047.".
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = CliConsole.RedirectedWidth;
        var root = new RootCommand("EdgeOpt: fit deep neural networks to fleets of edge devices.")
        {
            BenchCommand.Create(),
            ServeCommand.Create(),
            DeviceCommand.Create(),
            MeasurementsCommand.Create(),
            JobsCommand.Create(),
            LoadCheckCommand.Create(),
            HealthCommand.Create(),
            ImportCommand.Create(),
            QuickstartCommand.Create(),
            OptimizeCommand.Create(),
            PredictCommand.Create(),
            PredictorCommand.Create(),
            TrainCommand.Create(),
        };
        var eval = new Command("eval", "Measure the quality of EdgeOpt's predictors and optimizer on measured data");
        eval.Subcommands.Add(EvalCeilingCommand.Create());
        eval.Subcommands.Add(EvalLatencyCommand.Create());
        eval.Subcommands.Add(EvalLatencyFoldsCommand.Create());
        eval.Subcommands.Add(EvalOptimizeCommand.Create());
        eval.Subcommands.Add(EvalProxyCommand.Create());
        root.Subcommands.Add(eval);
        return root.Parse(args).InvokeAsync();
    }
}
