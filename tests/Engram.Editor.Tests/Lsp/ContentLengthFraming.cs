using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Engram.Editor.Tests.Lsp;

/// <summary>
/// The base protocol of LSP: each JSON-RPC message is preceded by a <c>Content-Length: N</c> header and a blank line,
/// headers in ASCII, lines ending in CRLF, the body N bytes of UTF-8.
/// </summary>
internal static class ContentLengthFraming
{
    private const string LengthHeader = "Content-Length";
    private const int MaxHeaderLine = 1024;

    public static async Task WriteAsync(Stream output, byte[] body, CancellationToken cancellation)
    {
        var header = Encoding.ASCII.GetBytes($"{LengthHeader}: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
        await output.WriteAsync(header, cancellation);
        await output.WriteAsync(body, cancellation);
        await output.FlushAsync(cancellation);
    }

    /// <summary>Reads the next message's body; <see langword="null"/> when the stream ends between messages.</summary>
    /// <exception cref="InvalidDataException">The stream ends inside a message or the headers are malformed.</exception>
    public static async Task<byte[]?> ReadAsync(Stream input, CancellationToken cancellation)
    {
        int? length = null;
        var first = true;
        while (true)
        {
            var line = await ReadHeaderLineAsync(input, atMessageStart: first, cancellation);
            if (line is null)
            {
                return null;
            }

            first = false;
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new InvalidDataException($"Malformed LSP header line '{line}'.");
            }

            if (line.Substring(0, colon).Trim().Equals(LengthHeader, StringComparison.OrdinalIgnoreCase))
            {
                var value = line.Substring(colon + 1).Trim();
                length = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw new InvalidDataException($"Malformed {LengthHeader} '{value}'.");
            }
        }

        var body = new byte[length ?? throw new InvalidDataException($"An LSP message came without a {LengthHeader} header.")];
        try
        {
            await input.ReadExactlyAsync(body, cancellation);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"The stream ended inside a message of {body.Length} bytes.", ex);
        }

        return body;
    }

    private static async Task<string?> ReadHeaderLineAsync(Stream input, bool atMessageStart, CancellationToken cancellation)
    {
        var line = new StringBuilder();
        var oneByte = new byte[1];
        while (true)
        {
            if (await input.ReadAsync(oneByte, cancellation) == 0)
            {
                return atMessageStart && line.Length == 0
                    ? null
                    : throw new InvalidDataException($"The stream ended inside the headers ('{line}').");
            }

            var character = (char)oneByte[0];
            if (character == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length == MaxHeaderLine)
            {
                throw new InvalidDataException($"An LSP header line is longer than {MaxHeaderLine} characters: '{line}...'.");
            }

            line.Append(character);
        }
    }
}
