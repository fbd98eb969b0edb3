namespace FluxImaging.Testing;

/// <summary>
/// A Space's runtime stage as <c>GET /api/spaces/{id}</c> reports it in <c>runtime.stage</c> (<c>zerogpu.md</c> §6:
/// <c>huggingface_hub</c>'s <c>SpaceStage</c> plus <c>SLEEPING</c>). <see cref="SpaceStages.WireName"/> gives the text.
/// </summary>
public enum SpaceStage
{
    /// <summary><c>RUNNING</c>.</summary>
    Running,

    /// <summary><c>RUNNING_BUILDING</c>: running while a new version builds.</summary>
    RunningBuilding,

    /// <summary><c>RUNNING_APP_STARTING</c>: running while a new version starts.</summary>
    RunningAppStarting,

    /// <summary><c>SLEEPING</c>: asleep after inactivity; a request to the app wakes it.</summary>
    Sleeping,

    /// <summary><c>STOPPED</c>.</summary>
    Stopped,

    /// <summary><c>BUILDING</c>.</summary>
    Building,

    /// <summary><c>APP_STARTING</c>.</summary>
    AppStarting,

    /// <summary><c>PAUSED</c>: paused by its author.</summary>
    Paused,

    /// <summary><c>RUNTIME_ERROR</c>.</summary>
    RuntimeError,

    /// <summary><c>BUILD_ERROR</c>.</summary>
    BuildError,

    /// <summary><c>CONFIG_ERROR</c>.</summary>
    ConfigError,

    /// <summary><c>NO_APP_FILE</c>.</summary>
    NoAppFile,

    /// <summary><c>DELETING</c>.</summary>
    Deleting,
}

/// <summary>The wire names of <see cref="SpaceStage"/>.</summary>
public static class SpaceStages
{
    /// <summary>The stage as the Hugging Face API writes it, e.g. <c>RUNNING_APP_STARTING</c>.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>Its upper-case, underscore-separated name.</returns>
    public static string WireName(this SpaceStage stage) => stage switch
    {
        SpaceStage.Running => "RUNNING",
        SpaceStage.RunningBuilding => "RUNNING_BUILDING",
        SpaceStage.RunningAppStarting => "RUNNING_APP_STARTING",
        SpaceStage.Sleeping => "SLEEPING",
        SpaceStage.Stopped => "STOPPED",
        SpaceStage.Building => "BUILDING",
        SpaceStage.AppStarting => "APP_STARTING",
        SpaceStage.Paused => "PAUSED",
        SpaceStage.RuntimeError => "RUNTIME_ERROR",
        SpaceStage.BuildError => "BUILD_ERROR",
        SpaceStage.ConfigError => "CONFIG_ERROR",
        SpaceStage.NoAppFile => "NO_APP_FILE",
        _ => "DELETING",
    };

    internal static bool IsRunning(this SpaceStage stage) => stage is SpaceStage.Running or SpaceStage.RunningBuilding or SpaceStage.RunningAppStarting;

    internal static bool IsError(this SpaceStage stage) => stage is SpaceStage.RuntimeError or SpaceStage.BuildError or SpaceStage.ConfigError;
}
