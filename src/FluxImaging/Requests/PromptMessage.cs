namespace FluxImaging;

/// <summary>A chat-style message, for callers that hold a conversation rather than a prompt.</summary>
/// <param name="Role">The speaker: <c>user</c>, <c>assistant</c> or <c>system</c>.</param>
/// <param name="Content">The text of the message.</param>
public sealed record PromptMessage(string Role, string Content);
