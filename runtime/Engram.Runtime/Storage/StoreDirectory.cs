using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;

namespace EngramDb.Storage;

/// <summary>Checks a store path, turns it into the full path that identifies the store, and creates the directory.</summary>
internal static class StoreDirectory
{
    /// <summary>How full store paths compare: case-insensitively where the usual file system is (Windows, macOS).</summary>
    public static StringComparer PathComparer { get; } =
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
            ? StringComparer.OrdinalIgnoreCase
            : StringComparer.Ordinal;

    /// <summary>The full path of <paramref name="path"/>, without a trailing separator.</summary>
    /// <exception cref="ArgumentException">The path is null, empty, whitespace or not a valid path (named <paramref name="paramName"/>).</exception>
    public static string Resolve(string path, string paramName)
    {
        if (path is null)
        {
            throw new ArgumentNullException(paramName);
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The store path must not be empty or whitespace.", paramName);
        }

        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new ArgumentException($"The store path '{Printable(path)}' contains a character that is not allowed in a path.", paramName);
        }

        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or SecurityException)
        {
            throw new ArgumentException($"'{Printable(path)}' is not a valid store path: {ex.Message}", paramName, ex);
        }

        var root = Path.GetPathRoot(fullPath);
        return fullPath.Length > root?.Length
            ? fullPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
            : fullPath;
    }

    /// <summary>Resolves <paramref name="path"/> and checks that it does not name an existing file.</summary>
    /// <exception cref="ArgumentException">The path is empty or invalid (named <paramref name="paramName"/>).</exception>
    /// <exception cref="IOException">The path is a file; the message names the path.</exception>
    public static string ResolveDirectory(string path, string paramName)
    {
        var fullPath = Resolve(path, paramName);
        if (File.Exists(fullPath))
        {
            throw new IOException($"The EngramDB store path '{fullPath}' is a file; a store is a directory.");
        }

        return fullPath;
    }

    /// <summary>Resolves <paramref name="path"/> and makes sure it is a directory, creating it when missing.</summary>
    /// <exception cref="ArgumentException">The path is empty or invalid.</exception>
    /// <exception cref="IOException">The path is a file, or the directory cannot be created; the message names the path.</exception>
    public static string Prepare(string path)
    {
        var fullPath = ResolveDirectory(path, nameof(path));

        try
        {
            Directory.CreateDirectory(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot create the EngramDB store directory '{fullPath}': {ex.Message}", ex);
        }

        return fullPath;
    }

    private static string Printable(string path) => path.Replace("\0", "\\0");
}
