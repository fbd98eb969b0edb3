namespace FluxImaging.Gradio;

/// <summary>One progress bar of a job (<c>progress_data</c>): e.g. step 5 of 28.</summary>
/// <param name="Index">The current position, when known.</param>
/// <param name="Length">The total, when known.</param>
/// <param name="Unit">The unit, e.g. <c>steps</c>.</param>
/// <param name="Fraction">Progress from 0 to 1 as the app reported it, when it did.</param>
/// <param name="Description">The bar's description, when any.</param>
public sealed record GradioProgressUnit(double? Index, double? Length, string? Unit, double? Fraction, string? Description);
