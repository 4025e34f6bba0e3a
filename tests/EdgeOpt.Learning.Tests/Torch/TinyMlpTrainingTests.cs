using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EdgeOpt.Learning.Tests.Torch;

/// <summary>Proves that TorchSharp's native library loads on this host and trains: a 2-8-1 MLP learns XOR.</summary>
public sealed class TinyMlpTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_TwoLayerMlpOnXor_LossFallsBelowOneHundredthAndAllFourCasesAreRight()
    {
        using DisposeScope scope = NewDisposeScope();
        manual_seed(20240611);
        Tensor inputs = tensor(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, [4, 2]);
        Tensor targets = tensor(new float[] { 0, 1, 1, 0 }, [4, 1]);
        var model = nn.Sequential(("hidden", nn.Linear(2, 8)), ("tanh", nn.Tanh()), ("out", nn.Linear(8, 1)));
        var optimizer = optim.Adam(model.parameters(), lr: 0.05);
        var mse = nn.MSELoss();

        float firstLoss = float.NaN, lastLoss = float.NaN;
        for (int step = 0; step < 400; step++)
        {
            optimizer.zero_grad();
            Tensor loss = mse.forward(model.forward(inputs), targets);
            loss.backward();
            optimizer.step();
            lastLoss = loss.item<float>();
            if (step == 0)
                firstLoss = lastLoss;
        }

        output.WriteLine($"MSE loss: {firstLoss} before training, {lastLoss} after 400 steps");
        Assert.True(firstLoss > 0.1f, $"untrained loss {firstLoss} should be that of a guess (about 0.25)");
        Assert.True(lastLoss < 0.01f, $"loss after 400 Adam steps is {lastLoss}, expected below 0.01");
        using (no_grad())
        {
            float[] predicted = model.forward(inputs).round().data<float>().ToArray();
            Assert.Equal([0f, 1f, 1f, 0f], predicted);
        }
    }
}
