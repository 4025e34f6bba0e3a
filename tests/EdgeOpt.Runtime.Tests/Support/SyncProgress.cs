namespace EdgeOpt.Runtime.Tests.Support;

/// <summary>An IProgress that runs the handler on the reporting thread, before the report returns.</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public List<T> Reports { get; } = [];

    public void Report(T value)
    {
        Reports.Add(value);
        handler(value);
    }
}
