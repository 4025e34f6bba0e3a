using System.Collections.Concurrent;
using EdgeOpt.Core.Spaces;
using EdgeOpt.Learning.Optimization;
using EdgeOpt.Learning.Optimization.Neural;
using EdgeOpt.Learning.Optimization.Search;
using EdgeOpt.Server.Domain;
using Microsoft.Extensions.Options;

namespace EdgeOpt.Server.Optimization;

/// <summary>
/// Picks the optimizer of a request: the named one, or the best for the space — the neural optimizer where a trained
/// one exists (<c>&lt;models&gt;/&lt;space&gt;/optimizer.pt</c>, loaded once), exhaustive where the space can be enumerated
/// (nb201), evolution otherwise. A named optimizer that cannot serve the space is FailedPrecondition naming the
/// method and the ones that can.
/// </summary>
public sealed class OptimizerChoice(IOptions<ServerOptions> options, ILogger<OptimizerChoice> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<NeuralOptimizerModel?>> _neural = new(StringComparer.Ordinal);

    /// <summary>The folder searched for trained optimizers: the server's models folder (ServerOptions.ModelsDirectory, else the pretrained one); null when there is none.</summary>
    public string? ModelsDirectory => Predictors.ModelsFolder.Locate(options.Value.ModelsDirectory);

    /// <summary>The optimizer and a note saying which answered and why.</summary>
    public (IDesignOptimizer Optimizer, string Note) Choose(string? method, OptimizationProblem problem)
    {
        var space = problem.Space;
        var neural = NeuralFor(space);
        if (method is null)
        {
            if (neural is not null)
                return (new NeuralDesignOptimizer(neural), $"optimizer: neural (the default for {space.Id}: a trained neural optimizer exists, {NeuralPath(space)})");
            var name = OptimizerMethods.Default(space);
            return (Create(name, problem, null), $"optimizer: {name} (the default for {space.Id}; no trained neural optimizer at {NeuralPath(space)})");
        }
        return (Create(method, problem, neural), $"optimizer: {method} (as asked)");
    }

    private IDesignOptimizer Create(string name, OptimizationProblem problem, NeuralOptimizerModel? neural)
    {
        switch (name)
        {
            case NeuralDesignOptimizer.OptimizerName:
                return neural is not null
                    ? new NeuralDesignOptimizer(neural)
                    : throw FleetException.Precondition(
                        $"method 'neural': no trained neural optimizer for space '{problem.Space.Id}' on this server (looked for {NeuralPath(problem.Space)}); " +
                        $"allowed now: {string.Join(", ", Usable(problem, neural))}");
            case ExhaustiveOptimizer.OptimizerName:
                var exhaustive = new ExhaustiveOptimizer();
                return exhaustive.CanSolve(problem)
                    ? exhaustive
                    : throw FleetException.Precondition(
                        $"method 'exhaustive' cannot enumerate space '{problem.Space.Id}' with these precisions; allowed now: {string.Join(", ", Usable(problem, neural))}");
            case EvolutionaryOptimizer.OptimizerName:
                return new EvolutionaryOptimizer();
            default:
                throw FleetException.Invalid($"method '{name}' is unknown; allowed: {string.Join(", ", OptimizerMethods.Names)}");
        }
    }

    private static IEnumerable<string> Usable(OptimizationProblem problem, NeuralOptimizerModel? neural)
    {
        if (neural is not null) yield return NeuralDesignOptimizer.OptimizerName;
        yield return EvolutionaryOptimizer.OptimizerName;
        if (new ExhaustiveOptimizer().CanSolve(problem)) yield return ExhaustiveOptimizer.OptimizerName;
    }

    private string NeuralPath(ISearchSpace space) =>
        ModelsDirectory is { } folder ? Path.Combine(folder, space.Id, "optimizer.pt") : $"models/{space.Id}/optimizer.pt (no models folder)";

    private NeuralOptimizerModel? NeuralFor(ISearchSpace space) =>
        _neural.GetOrAdd(space.Id, _ => new Lazy<NeuralOptimizerModel?>(() => Load(space))).Value;

    private NeuralOptimizerModel? Load(ISearchSpace space)
    {
        var path = NeuralPath(space);
        if (!File.Exists(path)) return null;
        try
        {
            var model = NeuralOptimizerModel.Load(path);
            logger.LogInformation("Loaded the neural optimizer of {Space} from {Path}", space.Id, path);
            return model.Space.Id == space.Id ? model : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The neural optimizer at {Path} could not be loaded; {Space} uses the search optimizers", path, space.Id);
            return null;
        }
    }
}
