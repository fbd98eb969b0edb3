namespace FluxImaging.Testing;

/// <summary>
/// A Space the <see cref="HuggingFaceHub"/> knows: where its app runs and which runtime stage it reports, including a
/// sleeping or starting Space that turns running after a number of stage reads or a delay. Thread-safe.
/// </summary>
public sealed class HubSpace
{
    private readonly Lock _gate = new();
    private SpaceStage _stage = SpaceStage.Running;
    private SpaceStage? _next;
    private int _pollsUntilNext;
    private DateTimeOffset? _nextAt;
    private int _polls;

    internal HubSpace(string id, Uri host)
    {
        Id = id;
        Host = host;
        Subdomain = SubdomainOf(id);
    }

    /// <summary>The Space id, <c>owner/name</c>.</summary>
    public string Id { get; }

    /// <summary>The base URL of the Space's app (an emulator's), as <c>host</c> answers it.</summary>
    public Uri Host { get; }

    /// <summary>The subdomain: <c>owner-name</c> lower-cased, <c>.</c> and <c>_</c> as <c>-</c>.</summary>
    public string Subdomain { get; }

    /// <summary>The hardware reported while running (<c>zero-a10g</c> for ZeroGPU, the default).</summary>
    public string Hardware { get; set; } = "zero-a10g";

    /// <summary>When true, the info, runtime and host answers need <c>Authorization: Bearer hf_…</c> (else 401).</summary>
    public bool Private { get; set; }

    /// <summary>How many times the stage has been read (info, runtime or by-subdomain requests).</summary>
    public int StagePolls => _polls;

    /// <summary>The stage reported now; setting it cancels a pending <see cref="WakeAfterPolls"/> or <see cref="WakeAfter"/>.</summary>
    public SpaceStage Stage
    {
        get
        {
            lock (_gate)
            {
                AdvanceByTime();
                return _stage;
            }
        }

        set
        {
            lock (_gate)
            {
                _stage = value;
                _next = null;
                _nextAt = null;
            }
        }
    }

    /// <summary>Reports <paramref name="stage"/> for the next <paramref name="polls"/> stage reads, then <paramref name="then"/>.</summary>
    /// <param name="stage">The stage now, e.g. <see cref="SpaceStage.Sleeping"/>.</param>
    /// <param name="polls">How many reads still see it (at least 1).</param>
    /// <param name="then">The stage after that; default running.</param>
    public void WakeAfterPolls(SpaceStage stage, int polls, SpaceStage then = SpaceStage.Running)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(polls);
        lock (_gate)
        {
            _stage = stage;
            _next = then;
            _pollsUntilNext = polls;
            _nextAt = null;
        }
    }

    /// <summary>Reports <paramref name="stage"/> until <paramref name="delay"/> has passed, then <paramref name="then"/>.</summary>
    /// <param name="stage">The stage now.</param>
    /// <param name="delay">How long it lasts.</param>
    /// <param name="then">The stage after that; default running.</param>
    public void WakeAfter(SpaceStage stage, TimeSpan delay, SpaceStage then = SpaceStage.Running)
    {
        lock (_gate)
        {
            _stage = stage;
            _next = then;
            _pollsUntilNext = 0;
            _nextAt = DateTimeOffset.UtcNow + delay;
        }
    }

    internal static string SubdomainOf(string id) => id.ToLowerInvariant().Replace('/', '-').Replace('.', '-').Replace('_', '-');

    /// <summary>One stage read: counts it, answers the stage, then moves on if the count is reached.</summary>
    internal SpaceStage Poll()
    {
        lock (_gate)
        {
            _polls++;
            AdvanceByTime();
            var seen = _stage;
            if (_next is { } next && _nextAt is null && --_pollsUntilNext <= 0)
            {
                _stage = next;
                _next = null;
            }

            return seen;
        }
    }

    private void AdvanceByTime()
    {
        if (_next is { } next && _nextAt is { } at && DateTimeOffset.UtcNow >= at)
        {
            _stage = next;
            _next = null;
            _nextAt = null;
        }
    }
}
