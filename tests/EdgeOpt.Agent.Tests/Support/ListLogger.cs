using Microsoft.Extensions.Logging;

namespace EdgeOpt.Agent.Tests.Support;

/// <summary>Keeps every log entry (and writes it to the test output when given one) so tests can read them.</summary>
internal sealed class ListLogger(ITestOutputHelper? output = null) : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get { lock (_entries) return _entries.ToArray(); }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        lock (_entries) _entries.Add((logLevel, message));
        try { output?.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {logLevel}: {message}"); }
        catch (InvalidOperationException) { } // the test has ended
    }
}
