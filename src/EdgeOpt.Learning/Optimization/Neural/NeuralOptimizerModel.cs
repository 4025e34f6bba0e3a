using System.Text.Json;
using EdgeOpt.Core.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeOpt.Learning.Optimization.Neural;

/// <summary>
/// A trained neural optimizer: the feature architectures that describe a device, the policy network, and what it
/// was trained on. <see cref="Decode"/> turns one forward pass into one design (argmax per decision and per
/// precision slot). Saved as TorchSharp weights (<c>PATH</c>) plus a JSON sidecar (<c>PATH.json</c>) with the space,
/// layout and feature architectures. Immutable and thread-safe.
/// </summary>
public sealed class NeuralOptimizerModel
{
    private const int FormatVersion = 1;

    public NeuralOptimizerModel(
        ISearchSpace space, PolicyLayout layout, IReadOnlyList<Architecture> featureArchitectures, PolicyNetwork network,
        IReadOnlyList<string> trainedOn, double trainingSeconds)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(featureArchitectures);
        ArgumentNullException.ThrowIfNull(network);
        if (layout.SpaceId != space.Id) throw new ArgumentException($"layout for '{layout.SpaceId}', space '{space.Id}'", nameof(layout));
        if (featureArchitectures.Count != layout.FeatureCount)
            throw new ArgumentException($"{featureArchitectures.Count} feature architectures for a layout of {layout.FeatureCount}", nameof(featureArchitectures));
        if (network.Sizes[0] != layout.InputSize || network.Sizes[^1] != layout.OutputSize)
            throw new ArgumentException($"network {network.Sizes[0]}->{network.Sizes[^1]} does not match the layout {layout.InputSize}->{layout.OutputSize}", nameof(network));
        Space = space;
        Layout = layout;
        FeatureArchitectures = featureArchitectures.ToArray();
        Network = network;
        TrainedOn = trainedOn.ToArray();
        TrainingSeconds = trainingSeconds;
    }

    public ISearchSpace Space { get; }

    public PolicyLayout Layout { get; }

    /// <summary>The architectures whose predicted log latencies describe a device to the network.</summary>
    public IReadOnlyList<Architecture> FeatureArchitectures { get; }

    public PolicyNetwork Network { get; }

    /// <summary>The known devices the policy was trained on.</summary>
    public IReadOnlyList<string> TrainedOn { get; }

    public double TrainingSeconds { get; }

    /// <summary>The network's logits for a question.</summary>
    public float[] Logits(PolicyContext context) => Network.Forward(context.Encode(Layout));

    /// <summary>The network's logits for several questions in one pass (each the same as <see cref="Logits(PolicyContext)"/>).</summary>
    public float[][] Logits(IReadOnlyList<PolicyContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        return Network.Forward(contexts.Select(c => c.Encode(Layout)).ToArray());
    }

    /// <summary>The most likely design: argmax per decision over its options and per slot over the allowed precisions.</summary>
    public Design Decode(float[] logits, IReadOnlyList<Precision> allowed)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(allowed);
        var choices = new int[Layout.DecisionCount];
        for (var d = 0; d < choices.Length; d++)
        {
            var offset = d * Layout.OptionCount;
            var best = 0;
            for (var o = 1; o < Layout.OptionsPerDecision[d]; o++)
                if (logits[offset + o] > logits[offset + best]) best = o;
            choices[d] = best;
        }
        var slots = new Precision[Layout.SlotCount];
        for (var s = 0; s < slots.Length; s++)
        {
            var offset = Layout.ArchitectureLogits + s * PolicyLayout.PrecisionCount;
            Precision? best = null;
            foreach (var p in allowed)
                if (best is null || logits[offset + (int)p] > logits[offset + (int)best.Value]) best = p;
            slots[s] = best ?? throw new ArgumentException("no precision is allowed", nameof(allowed));
        }
        return new Design(new Architecture(Space.Id, choices), new QuantizationPolicy(slots));
    }

    /// <summary>Sum of the architecture logits of a design's choices (its unnormalized log-probability).</summary>
    public double ArchitectureLogit(float[] logits, Architecture architecture)
    {
        var total = 0.0;
        for (var d = 0; d < Layout.DecisionCount; d++) total += logits[d * Layout.OptionCount + architecture.Choices[d]];
        return total;
    }

    /// <summary>Writes the weights with TorchSharp's <c>save</c> to <paramref name="path"/> and the sidecar to <c>path.json</c>.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using (var module = NeuralPolicyModule.Create(Network.Sizes.ToArray()))
        {
            NeuralPolicyModule.CopyIn(module, Network);
            module.save(full);
        }
        var sidecar = new Sidecar
        {
            Version = FormatVersion,
            Space = Space.Id,
            Sizes = Network.Sizes.ToArray(),
            FeatureArchitectures = FeatureArchitectures.Select(Space.Format).ToArray(),
            TrainedOn = TrainedOn.ToArray(),
            TrainingSeconds = TrainingSeconds,
        };
        File.WriteAllText(full + ".json", JsonSerializer.Serialize(sidecar, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads what <see cref="Save"/> wrote; errors name the file and the field.</summary>
    public static NeuralOptimizerModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"no neural optimizer weights at {full}", full);
        if (!File.Exists(full + ".json")) throw new FileNotFoundException($"no sidecar {full}.json beside the weights", full + ".json");
        var sidecar = JsonSerializer.Deserialize<Sidecar>(File.ReadAllText(full + ".json"))
                      ?? throw new InvalidDataException($"{full}.json is empty");
        if (sidecar.Version != FormatVersion)
            throw new InvalidDataException($"{full}.json: format version {sidecar.Version}; this build reads version {FormatVersion}");
        var space = SearchSpaces.Get(sidecar.Space ?? throw new InvalidDataException($"{full}.json: field 'Space' is missing"));
        var features = (sidecar.FeatureArchitectures ?? throw new InvalidDataException($"{full}.json: field 'FeatureArchitectures' is missing"))
            .Select((text, i) => space.TryParse(text, out var a, out var error)
                ? a!
                : throw new InvalidDataException($"{full}.json: FeatureArchitectures[{i}] '{text}': {error}"))
            .ToArray();
        var sizes = sidecar.Sizes ?? throw new InvalidDataException($"{full}.json: field 'Sizes' is missing");
        var layout = PolicyLayout.For(space, features.Length);
        PolicyNetwork network;
        using (var module = NeuralPolicyModule.Create(sizes))
        {
            module.load(full);
            network = NeuralPolicyModule.CopyOut(module, sizes);
        }
        return new NeuralOptimizerModel(space, layout, features, network, sidecar.TrainedOn ?? [], sidecar.TrainingSeconds);
    }

    private sealed class Sidecar
    {
        public int Version { get; set; }
        public string? Space { get; set; }
        public int[]? Sizes { get; set; }
        public string[]? FeatureArchitectures { get; set; }
        public string[]? TrainedOn { get; set; }
        public double TrainingSeconds { get; set; }
    }
}

/// <summary>The TorchSharp form of <see cref="PolicyNetwork"/>: Linear/SiLU layers named l0, a0, l1, a1, ...</summary>
internal static class NeuralPolicyModule
{
    public static nn.Module<Tensor, Tensor> Create(int[] sizes)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var l = 0; l < sizes.Length - 1; l++)
        {
            layers.Add(($"l{l}", nn.Linear(sizes[l], sizes[l + 1])));
            if (l < sizes.Length - 2) layers.Add(($"a{l}", nn.SiLU()));
        }
        return nn.Sequential(layers);
    }

    public static IEnumerable<TorchSharp.Modules.Linear> Linears(nn.Module<Tensor, Tensor> module) =>
        module.named_children().Select(c => c.module).OfType<TorchSharp.Modules.Linear>();

    public static PolicyNetwork CopyOut(nn.Module<Tensor, Tensor> module, int[] sizes)
    {
        var linears = Linears(module).ToArray();
        return new PolicyNetwork(sizes,
            linears.Select(l => l.weight!.detach().cpu().data<float>().ToArray()).ToArray(),
            linears.Select(l => l.bias!.detach().cpu().data<float>().ToArray()).ToArray());
    }

    public static void CopyIn(nn.Module<Tensor, Tensor> module, PolicyNetwork network)
    {
        var linears = Linears(module).ToArray();
        var (weights, biases) = network.Parameters();
        using var noGrad = no_grad();
        for (var l = 0; l < linears.Length; l++)
        {
            using var w = tensor(weights[l], [network.Sizes[l + 1], network.Sizes[l]]);
            using var b = tensor(biases[l], [network.Sizes[l + 1]]);
            linears[l].weight!.copy_(w);
            linears[l].bias!.copy_(b);
        }
    }
}
