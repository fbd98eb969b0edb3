using FluxImaging.Server.Media;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxImaging.Server.Health;

/// <summary>Readiness of the media folder: it exists or can be created (answers with <c>response_format: null</c> need it).</summary>
internal sealed class MediaFolderHealthCheck(MediaStore media) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            Directory.CreateDirectory(media.Folder);
            return Task.FromResult(HealthCheckResult.Healthy("The media folder is available."));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The media folder cannot be created.", ex));
        }
    }
}
