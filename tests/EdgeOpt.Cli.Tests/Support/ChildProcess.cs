using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace EdgeOpt.Cli.Tests.Support;

/// <summary>
/// A program run with `dotnet exec` in its own process, its standard output and error collected line by line
/// (each tagged "out"/"err"). Disposing kills it if it still runs; with EDGEOPT_TEST_LOG_DIR set, the output is
/// kept there for debugging.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _newLine = new(0);
    private readonly TaskCompletionSource _outClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output lines so far.</summary>
    public IReadOnlyList<string> Output => _lines.Where(l => l.StartsWith("out ", StringComparison.Ordinal)).Select(l => l[4..]).ToList();

    /// <summary>Standard error lines so far.</summary>
    public IReadOnlyList<string> Errors => _lines.Where(l => l.StartsWith("err ", StringComparison.Ordinal)).Select(l => l[4..]).ToList();

    /// <summary>Both streams, interleaved in arrival order, for failure messages.</summary>
    public string Transcript => string.Join('\n', _lines);

    public static ChildProcess Start(
        string name, string dll, IEnumerable<string> arguments,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(BuiltTools.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Plain output: no colours, no terminal width games.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var inherited in new[] { "EDGEOPT_TOKEN", "EDGEOPT_SERVER", "EDGEOPT_AGENT_TOKEN" }) start.Environment.Remove(inherited);
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null) start.Environment.Remove(key);
                else start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.OnLine("out", e.Data, child._outClosed);
        process.ErrorDataReceived += (_, e) => child.OnLine("err", e.Data, child._errClosed);
        if (!process.Start()) throw new InvalidOperationException($"{name} did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void OnLine(string stream, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        _lines.Enqueue($"{stream} {line}");
        _newLine.Release();
    }

    /// <summary>The first output line (either stream) matching <paramref name="match"/>, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            foreach (var line in _lines)
                if (match(line[4..])) return line[4..];
            if (_process.HasExited && _outClosed.Task.IsCompleted && _errClosed.Task.IsCompleted)
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before {what}:\n{Transcript}");
            try
            {
                await _newLine.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name}: no {what} within {timeout.TotalSeconds} s:\n{Transcript}");
            }
        }
    }

    /// <summary>Waits for the process to end and its output to be read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_outClosed.Task, _errClosed.Task).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds} s:\n{Transcript}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited in between.
            }
        }
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Sends a POSIX signal (for example "INT" or "TERM") with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
                         ?? throw new InvalidOperationException("kill(1) did not start");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -s {signal} {Id} failed with {kill.ExitCode}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) await KillAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        if (Environment.GetEnvironmentVariable("EDGEOPT_TEST_LOG_DIR") is { Length: > 0 } logDir)
        {
            Directory.CreateDirectory(logDir);
            await File.WriteAllTextAsync(Path.Combine(logDir, $"{Name}-{_process.Id}.log"), Transcript);
        }
        _process.Dispose();
        _newLine.Dispose();
    }
}
