using System.Globalization;

namespace FluxImaging.LoadTest;

/// <summary>
/// CPU time per thread name (<c>/proc/self/task/*/schedstat</c>: nanoseconds on a CPU): which of the runtime's threads
/// — thread-pool workers, the socket engine, tiered compilation, the GC, timers — spent a window's CPU.
/// </summary>
internal static class ThreadTimes
{
    public static Dictionary<string, double> Sample()
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var nanoseconds = long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                byName[name] = byName.GetValueOrDefault(name) + (nanoseconds / 1e6);
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return byName;
    }

    public static string Difference(Dictionary<string, double> before, Dictionary<string, double> after) => string.Join(", ", after
        .Select(p => (Name: p.Key, Ms: p.Value - before.GetValueOrDefault(p.Key)))
        .Where(p => p.Ms >= 0.05)
        .OrderByDescending(p => p.Ms)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Ms:0.0} ms")));
}
