using System.Runtime.InteropServices;
using EdgeOpt.Agent;

// The first SIGTERM or Ctrl+C stops the agent gracefully (see AgentWorker); a second one ends it at once.
using var stopping = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (stopping.IsCancellationRequested) return;
    context.Cancel = true;
    stopping.Cancel();
}
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
return await AgentHost.RunAsync(args, stopping.Token);
