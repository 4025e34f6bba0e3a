using System.Runtime.InteropServices;

namespace EdgeOpt.Learning.Tests.TestSupport;

/// <summary>
/// CPU time of the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID), nanosecond resolution): unlike wall
/// time it does not grow while other processes hold the cores, so decision times taken on a loaded machine stay
/// comparable (caches shared with other processes still slow it a little). NaN where it cannot be read (not Linux).
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of this thread so far, ms.</summary>
    public static double NowMs()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) return double.NaN;
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }
}
