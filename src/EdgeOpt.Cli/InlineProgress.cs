namespace EdgeOpt.Cli;

/// <summary>An IProgress that calls back on the reporting thread (System.Progress posts to the thread pool).</summary>
internal sealed class InlineProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
