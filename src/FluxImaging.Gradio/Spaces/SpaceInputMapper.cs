using System.Globalization;
using System.Text.Json;
using FluxImaging.Providers;

namespace FluxImaging.Gradio.Spaces;

/// <summary>
/// Maps a request onto a Space endpoint's parameters by name (spaces.md §1.2): the prompt, negative prompt, seed,
/// size, guidance, steps, image count, input images and mask each go to the parameter named for them; configuration
/// (<see cref="GradioSpaceOptions.Inputs"/>) overrides single parameters; every other parameter gets its default, a
/// required text box the request does not fill gets <c>""</c>, and any other required parameter left unfilled is an
/// <see cref="FluxImagingErrorKind.InvalidRequest"/> naming it — never a shorter list. Sliders are clamped to their
/// range and rounded to their step.
/// </summary>
internal sealed class SpaceInputMapper
{
    public const string Prompt = "prompt";
    public const string NegativePrompt = "negative_prompt";
    public const string Seed = "seed";
    public const string Randomize = "randomize_seed";
    public const string Width = "width";
    public const string Height = "height";
    public const string Steps = "steps";
    public const string Guidance = "guidance";
    public const string Image = "image";
    public const string Mask = "mask";
    public const string Count = "count";

    private static readonly Dictionary<string, string[]> NamesByField = new(StringComparer.Ordinal)
    {
        [Prompt] = ["prompt", "text", "positive_prompt", "caption"],
        [NegativePrompt] = ["negative_prompt", "negative"],
        [Seed] = ["seed"],
        [Randomize] = ["randomize_seed", "randomize"],
        [Width] = ["width"],
        [Height] = ["height"],
        [Guidance] = ["guidance_scale", "guidance", "cfg", "cfg_scale"],
        [Steps] = ["num_inference_steps", "steps", "num_steps"],
        [Count] = ["num_images", "num_outputs", "batch_size", "n"],
        [Mask] = ["mask", "mask_image", "mask_img", "inpaint_mask"],
    };

    private static readonly HashSet<string> Fields = [.. NamesByField.Keys, Image];

    private readonly GradioEndpoint _endpoint;
    private readonly int? _sizeMultiple;
    private readonly Dictionary<string, string> _fieldOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _literals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _defaults = new(StringComparer.Ordinal);

    public SpaceInputMapper(GradioEndpoint endpoint, GradioSpaceOptions options, string provider)
    {
        _endpoint = endpoint;
        _sizeMultiple = options.SizeMultiple;
        foreach (var (parameter, value) in options.Inputs)
        {
            if (Fields.Contains(value))
            {
                _fieldOf[parameter] = value;
            }
            else
            {
                _literals[parameter] = Literal(value, $"Inputs:{parameter}", provider);
            }
        }

        foreach (var (parameter, value) in options.Defaults)
        {
            _defaults[parameter] = Literal(value, $"Defaults:{parameter}", provider);
        }

        // The heuristics fill whatever configuration did not map, each field to the first parameter named for it.
        foreach (var (field, names) in NamesByField)
        {
            if (_fieldOf.ContainsValue(field))
            {
                continue;
            }

            var match = names.Select(n => endpoint.Parameter(n)).FirstOrDefault(p => p is not null && !_fieldOf.ContainsKey(p.Name) && !_literals.ContainsKey(p.Name));
            if (match is not null)
            {
                _fieldOf[match.Name] = field;
            }
        }

        if (!_fieldOf.ContainsValue(Prompt) && endpoint.Parameters.FirstOrDefault(p => p.Component == "Textbox" && p.IsRequired && !_fieldOf.ContainsKey(p.Name) && !_literals.ContainsKey(p.Name)) is { } text)
        {
            _fieldOf[text.Name] = Prompt;
        }

        if (!_fieldOf.ContainsValue(Image))
        {
            var images = endpoint.Parameters.Where(p => p.Component is "Image" or "ImageEditor" or "Gallery" or "File" or "Files" && !_fieldOf.ContainsKey(p.Name) && !_literals.ContainsKey(p.Name)).ToList();
            if ((images.FirstOrDefault(p => p.Component is "Image" or "ImageEditor") ?? images.FirstOrDefault()) is { } image)
            {
                _fieldOf[image.Name] = Image;
            }
        }

        ImageParameter = endpoint.Parameters.FirstOrDefault(p => _fieldOf.GetValueOrDefault(p.Name) == Image);
        MaskParameter = endpoint.Parameters.FirstOrDefault(p => _fieldOf.GetValueOrDefault(p.Name) == Mask);
        HasCount = _fieldOf.ContainsValue(Count);
        HasSeed = _fieldOf.ContainsValue(Seed);
    }

    /// <summary>The parameter input images go to, if any.</summary>
    public GradioParameter? ImageParameter { get; }

    /// <summary>The parameter a mask goes to, if any: one named for it (<c>mask</c>, <c>mask_image</c>, …) or mapped to <c>mask</c>.</summary>
    public GradioParameter? MaskParameter { get; }

    /// <summary>Whether the endpoint takes a number of images (so <c>n</c> images are one call).</summary>
    public bool HasCount { get; }

    /// <summary>Whether the endpoint takes a seed.</summary>
    public bool HasSeed { get; }

    /// <summary>Whether requests take input images here: none, optional, or required.</summary>
    public ImageInputSupport ImageSupport => ImageParameter switch
    {
        null => ImageInputSupport.None,
        { IsRequired: true } => ImageInputSupport.Required,
        _ => ImageInputSupport.Optional,
    };

    /// <summary>How many input images one call takes.</summary>
    public int MaxImages => ImageParameter?.Component is "Gallery" or "Files" ? 16 : 1;

    /// <summary>One value per parameter, in order.</summary>
    public IReadOnlyList<object?> Map(ImageRequest request, IReadOnlyList<GradioFile> images, GradioFile? mask, long? seed, int count, string provider)
    {
        var size = request.Width is not null || request.Height is not null || request.AspectRatio is not null ? request.ResolveSize(new ImageSize(1024, 1024)) : (ImageSize?)null;
        var extras = request.AdditionalProperties;
        var values = new object?[_endpoint.Parameters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = _endpoint.Parameters[i];
            if (_literals.TryGetValue(parameter.Name, out var literal))
            {
                values[i] = literal;
                continue;
            }

            var field = _fieldOf.GetValueOrDefault(parameter.Name);
            object? value = field switch
            {
                Prompt => request.Prompt,
                NegativePrompt => request.NegativePrompt,
                Seed => seed is { } s ? SeedIn(s, parameter, provider) : null,
                Randomize => extras.TryGetValue("randomize_seed", out var flag) && flag is bool randomize ? randomize : seed is not null ? false : null,
                Width => size is { } w ? Side(w.Width, parameter) : null,
                Height => size is { } h ? Side(h.Height, parameter) : null,
                Guidance => request.GuidanceScale is { } g ? Fit(g, parameter, onStep: false) : null,
                Steps => request.Steps is { } n ? Fit(n, parameter, onStep: true) : null,
                Count => Fit(count, parameter, onStep: true),
                Image => ImageValue(parameter, images),
                Mask => mask,
                _ => extras.TryGetValue(parameter.Name, out var extra) && !IsProtected(parameter.Name) ? extra : null,
            };

            values[i] = value ?? Default(parameter, provider);
        }

        return values;
    }

    private static object? ImageValue(GradioParameter parameter, IReadOnlyList<GradioFile> images) => images.Count == 0
        ? null
        : parameter.Component is "Gallery" or "Files" ? images.ToArray() : images[0];

    private object? Default(GradioParameter parameter, string provider)
    {
        if (_defaults.TryGetValue(parameter.Name, out var configured))
        {
            return configured;
        }

        if (parameter.HasDefault)
        {
            return parameter.Default.ValueKind == JsonValueKind.Undefined ? null : parameter.Default;
        }

        if (parameter.Component == "Textbox")
        {
            return string.Empty;
        }

        throw new FluxImagingException(
            FluxImagingErrorKind.InvalidRequest,
            parameter == ImageParameter
                ? $"/{_endpoint.ApiName} needs an input image ('{parameter.Name}')."
                : parameter == MaskParameter
                ? $"/{_endpoint.ApiName} needs a mask ('{parameter.Name}')."
                : $"/{_endpoint.ApiName} requires the parameter '{parameter.Name}' ({parameter.Component}{(parameter.Label is { Length: > 0 } label ? $" \"{UpstreamText.Echo(label)}\"" : string.Empty)}), and nothing fills it: map it with Inputs:{parameter.Name} or give it a default with Defaults:{parameter.Name}.",
            provider);
    }

    // Extras may set a parameter no field maps, never the ones the request's own fields stand for.
    private bool IsProtected(string name) => _fieldOf.ContainsKey(name);

    // A seed is not clamped: another seed makes another image, and the caller asked for this one.
    private static System.Text.Json.Nodes.JsonValue SeedIn(long seed, GradioParameter parameter, string provider) =>
        (parameter.Minimum is { } min && seed < min) || (parameter.Maximum is { } max && seed > max)
            ? throw new FluxImagingException(
                FluxImagingErrorKind.InvalidRequest,
                string.Create(CultureInfo.InvariantCulture, $"The Space's seeds range from {parameter.Minimum} to {parameter.Maximum}; got {seed}."),
                provider)
            : System.Text.Json.Nodes.JsonValue.Create(seed);

    // A side goes down to the configured multiple when there is one (a Space that needs multiples of 8), else onto the
    // slider's step.
    private System.Text.Json.Nodes.JsonValue Side(int value, GradioParameter parameter) => _sizeMultiple is > 0 and var multiple
        ? Fit(Math.Max(multiple, value - (value % multiple)), parameter, onStep: false)
        : Fit(value, parameter, onStep: true);

    /// <summary>
    /// A number within the slider's range, on its step when <paramref name="onStep"/> (sizes, counts; a guidance scale
    /// keeps the caller's decimals); an integer when the parameter is one.
    /// </summary>
    private static System.Text.Json.Nodes.JsonValue Fit(double value, GradioParameter parameter, bool onStep)
    {
        var minimum = parameter.Minimum;
        var maximum = parameter.Maximum;
        if (minimum is { } min && value < min)
        {
            value = min;
        }

        if (maximum is { } max && value > max)
        {
            value = max;
        }

        if (onStep && parameter.Step is > 0 and var step)
        {
            var origin = minimum ?? 0;
            value = origin + (Math.Round((value - origin) / step, MidpointRounding.AwayFromZero) * step);
            if (maximum is { } top && value > top + 1e-9)
            {
                value -= step;
            }

            value = Math.Round(value, 6);
        }

        return parameter.IsInteger
            ? System.Text.Json.Nodes.JsonValue.Create((long)Math.Round(value))
            : System.Text.Json.Nodes.JsonValue.Create(value);
    }

    private static JsonElement Literal(string value, string key, string provider)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.InvalidRequest,
                string.Create(CultureInfo.InvariantCulture, $"{key} is neither a request field ({string.Join(", ", Fields.Order(StringComparer.Ordinal))}) nor a JSON literal (quote strings: \"\\\"euler\\\"\")."),
                provider);
        }
    }
}
