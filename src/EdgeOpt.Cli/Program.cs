using System.CommandLine;

namespace EdgeOpt.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("EdgeOpt: fit deep neural networks to fleets of edge devices.");
        return root.Parse(args).Invoke();
    }
}
