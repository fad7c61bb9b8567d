using System;

namespace EngramDb.Storage;

internal static class StringExtensions
{
    /// <summary>Throws unless <paramref name="text"/> is well-formed UTF-16: EngramDB stores UTF-8, which has no lone surrogates.</summary>
    public static string RequireWellFormedUtf16(this string text, string what, string paramName)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                throw new ArgumentException($"{what} contains a lone UTF-16 surrogate at index {i}, which UTF-8 cannot store.", paramName);
            }
        }

        return text;
    }
}
