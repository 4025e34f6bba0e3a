using System.CommandLine;
using EdgeOpt.Cli.Commands;

namespace EdgeOpt.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
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
        eval.Subcommands.Add(EvalLatencyCommand.Create());
        eval.Subcommands.Add(EvalLatencyFoldsCommand.Create());
        eval.Subcommands.Add(EvalOptimizeCommand.Create());
        eval.Subcommands.Add(EvalProxyCommand.Create());
        root.Subcommands.Add(eval);
        return root.Parse(args).InvokeAsync();
    }
}
