namespace FluxImaging.Server.Api.Fields;

/// <summary>
/// The named fields of a request body, however it was encoded (a JSON object, a multipart form). Each getter returns
/// null for an absent field and throws <see cref="RequestFieldException"/>, naming the field, for a value of the wrong
/// kind — so one reader of the fields serves every route and encoding.
/// </summary>
internal interface IRequestFields
{
    string? String(string name);

    /// <summary>A string of at most <paramref name="maxLength"/> characters (<c>string_above_max_length</c> otherwise).</summary>
    string? BoundedString(string name, int maxLength);

    bool? Bool(string name);

    long? Long(string name);

    int? Int(string name);

    double? Double(string name);
}
