using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ThreadSafeDemo;

/// <summary>The body of <c>POST /store</c>: <c>{"text": "..."}</c>, the message to store.</summary>
internal static class StoreTextRequest
{
    public const string TextProperty = "text";

    /// <summary>A body to show the caller.</summary>
    public const string Example = """{"text": "hello"}""";

    /// <summary>Reads the text to store from the request body.</summary>
    /// <returns>The text, or why there is none (status 415 or 400).</returns>
    public static async Task<(string? Text, InputProblem? Problem)> ReadAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return (null, new InputProblem(StatusCodes.Status415UnsupportedMediaType, $"Send the message as JSON (Content-Type: application/json), for example {Example}."));
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return BadRequest($"The body is not valid JSON ({ex.Message}); send for example {Example}.");
        }

        using (body)
        {
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return BadRequest($"The body must be a JSON object like {Example}, not {Describe(root.ValueKind)}.");
            }

            if (!root.TryGetProperty(TextProperty, out var text))
            {
                return BadRequest($"The body has no '{TextProperty}'; send for example {Example}.");
            }

            return text.ValueKind switch
            {
                JsonValueKind.String when string.IsNullOrWhiteSpace(text.GetString()) => BadRequest($"'{TextProperty}' is empty; give the message to store."),
                JsonValueKind.String => (text.GetString(), null),
                JsonValueKind.Null => BadRequest($"'{TextProperty}' is null; give the message to store as a JSON string."),
                _ => BadRequest($"'{TextProperty}' must be a JSON string, not {Describe(text.ValueKind)}."),
            };
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.String => "a string",
        _ => "null",
    };

    private static (string? Text, InputProblem? Problem) BadRequest(string message) =>
        (null, new InputProblem(StatusCodes.Status400BadRequest, message));
}
