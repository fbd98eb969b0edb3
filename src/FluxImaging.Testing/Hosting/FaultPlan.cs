namespace FluxImaging.Testing;

/// <summary>
/// The faults an emulator injects: each rule matches a method and a path fragment and applies to the next
/// <c>times</c> matching requests. Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];

    /// <summary>Injects <paramref name="fault"/> into the next <paramref name="times"/> requests that match.</summary>
    /// <param name="method">The HTTP method to match, or <c>*</c> for any.</param>
    /// <param name="pathContains">A fragment the request path must contain (ordinal), e.g. <c>/queue/join</c>.</param>
    /// <param name="fault">What to do.</param>
    /// <param name="times">How many requests it applies to; <see cref="int.MaxValue"/> for every one.</param>
    /// <returns>This plan.</returns>
    public FaultPlan Add(string method, string pathContains, Fault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _rules.Add(new Rule(method, pathContains, fault) { Remaining = times });
        }

        return this;
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal List<Fault> Take(string method, string path)
    {
        var taken = new List<Fault>();
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining > 0
                    && (rule.Method == "*" || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
                    && path.Contains(rule.PathContains, StringComparison.Ordinal))
                {
                    if (rule.Remaining != int.MaxValue)
                    {
                        rule.Remaining--;
                    }

                    taken.Add(rule.Fault);
                }
            }

            _rules.RemoveAll(r => r.Remaining == 0);
        }

        return taken;
    }

    private sealed class Rule(string method, string pathContains, Fault fault)
    {
        public string Method => method;

        public string PathContains => pathContains;

        public Fault Fault => fault;

        public int Remaining { get; set; }
    }
}
