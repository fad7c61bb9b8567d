namespace EngramDb.Storage;

internal static class StringExtensions
{
    /// <summary>Whether <paramref name="text"/> has no lone UTF-16 surrogate: EngramDB stores UTF-8, which cannot hold one.</summary>
    public static bool IsWellFormedUtf16(this string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
