using System.Reflection;
using EdgeOpt.Learning.Latency.NeuralLinear;
using EdgeOpt.Learning.Latency.Ridge;
using EdgeOpt.Learning.Persistence;

namespace EdgeOpt.Learning.Tests.Persistence;

/// <summary>Every trainer option survives a save, including options added after this test was written.</summary>
public sealed class OptionsCodecTests
{
    [Fact]
    public void RoundTrip_NeuralLinearOptionsWithEveryValueChanged_RestoresEveryValue() =>
        AssertRoundTrip(Changed(new NeuralLinearTrainer.Options()));

    [Fact]
    public void RoundTrip_RidgeOptionsWithEveryValueChanged_RestoresEveryValue() =>
        AssertRoundTrip(Changed(new RidgeLatencyTrainer.Options()));

    private static void AssertRoundTrip<T>(T options) where T : new()
    {
        using var stream = new MemoryStream();
        using (var writer = new ModelWriter(stream, "test", 1))
        {
            OptionsCodec.Write(writer, "options", options!);
            writer.Finish();
        }
        stream.Position = 0;
        using var reader = ModelReader.Open(stream, "test file", "test", 1);
        var back = OptionsCodec.Read<T>(reader, "options");
        reader.Finish();

        AssertSame(options!, back!, typeof(T).Name);
    }

    /// <summary>A copy of the defaults with every settable property given another value.</summary>
    private static T Changed<T>(T options) where T : notnull
    {
        foreach (var property in Settable(options.GetType()))
        {
            var value = property.GetValue(options);
            object? changed = value switch
            {
                int i => i + 3,
                double d => d * 2 + 0.125,
                bool b => !b,
                IReadOnlyList<double> list => list.Select(v => v + 0.5).Append(0.75).ToArray(),
                null when property.PropertyType == typeof(int?) => 5,
                _ when property.PropertyType.Name == "Options" => Changed(value!),
                _ => throw new InvalidOperationException($"the test does not know how to change {property.Name} ({property.PropertyType.Name})"),
            };
            property.SetValue(options, changed);
        }
        return options;
    }

    private static void AssertSame(object expected, object actual, string path)
    {
        foreach (var property in Settable(expected.GetType()))
        {
            var (e, a) = (property.GetValue(expected), property.GetValue(actual));
            var name = path + "." + property.Name;
            if (e is IReadOnlyList<double> list) Assert.Equal(list, (IReadOnlyList<double>)a!);
            else if (property.PropertyType.Name == "Options") AssertSame(e!, a!, name);
            else Assert.True(Equals(e, a), $"{name}: saved {e}, loaded {a}");
        }
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });
}
