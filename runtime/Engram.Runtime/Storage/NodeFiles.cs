using System;
using System.IO;

namespace EngramDb.Storage;

/// <summary>
/// Reads node files defensively: only regular files (a FIFO, device or socket, or a symbolic link to one, is refused
/// at once, without blocking), at most a given size, and with the file's version.
/// </summary>
/// <remarks>
/// On Linux the file is opened non-blocking and its type and size are read from the opened descriptor, so nothing
/// can swap a FIFO in between the check and the read. Elsewhere .NET cannot tell a FIFO from a file, so only the size
/// bound and symbolic links to directories are checked there.
/// </remarks>
internal static class NodeFiles
{
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>The file's version, or null when it does not exist; the kind of a non-regular file is in <paramref name="kind"/>.</summary>
    public static FileVersion? Stat(string path, out string? kind)
    {
        kind = null;
        if (!LinuxNative.IsLinux)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileVersion(0, info.Length, info.LastWriteTimeUtc.Ticks * 100, 0) : null;
        }

        var buffer = new byte[LinuxNative.StatxBufferSize];
        if (LinuxNative.Statx(LinuxNative.AtFdCwd, path, 0, LinuxNative.StatxBasicStats, buffer) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastWin32Error();
            return errno is LinuxNative.ENOENT or LinuxNative.ENOTDIR ? null : throw new IOException($"Cannot read the status of '{path}' (errno {errno}).");
        }

        kind = KindOf(buffer);
        return VersionOf(buffer);
    }

    /// <summary>The file's bytes and version, or null when it does not exist.</summary>
    /// <exception cref="IOException">It is not a regular file, or is larger than <paramref name="maxBytes"/>, or cannot be read; the message names it.</exception>
    public static byte[]? Read(string path, long maxBytes, out FileVersion version)
    {
        if (LinuxNative.IsLinux)
        {
            return ReadOnLinux(path, maxBytes, out version);
        }

        using var stream = OpenElsewhere(path, maxBytes, out version);
        return stream is null ? null : ReadBounded(stream, path, maxBytes, version.Size);
    }

    // open(O_NONBLOCK), statx on the descriptor, read(2) into a buffer of the file's size: no FileStream in between,
    // since the index reads every node file once when it is built.
    private static byte[]? ReadOnLinux(string path, long maxBytes, out FileVersion version)
    {
        version = default;
        var fd = LinuxNative.Open(path, LinuxNative.OpenReadOnly | LinuxNative.OpenNonBlocking | LinuxNative.OpenCloseOnExec);
        if (fd < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastWin32Error();
            switch (errno)
            {
                case LinuxNative.ENOENT or LinuxNative.ENOTDIR:
                    return null;
                case LinuxNative.ENXIO:
                    // open(2) says ENXIO for a socket (and for a device with no driver behind it).
                    Stat(path, out var kind);
                    throw NotARegularFile(path, kind ?? "a socket or device");
                case LinuxNative.EACCES:
                    throw new IOException($"Permission denied reading '{path}'.", new UnauthorizedAccessException(path));
                default:
                    throw new IOException($"Cannot open '{path}' (errno {errno}).");
            }
        }

        try
        {
            var status = new byte[LinuxNative.StatxBufferSize];
            if (LinuxNative.Statx(fd, string.Empty, LinuxNative.AtEmptyPath, LinuxNative.StatxBasicStats, status) != 0)
            {
                throw new IOException($"Cannot read the status of '{path}' (errno {System.Runtime.InteropServices.Marshal.GetLastWin32Error()}).");
            }

            if (KindOf(status) is { } kind)
            {
                throw NotARegularFile(path, kind);
            }

            version = VersionOf(status);
            RequireWithinBound(path, version.Size, maxBytes);
            return ReadAll(fd, path, maxBytes, version.Size);
        }
        finally
        {
            LinuxNative.Close(fd);
        }
    }

    // Reads to the end; a file that grew meanwhile is read on, up to the bound. The buffer is the file's size, so the
    // usual file is read with nothing copied: one read that fills it and a one-byte read that finds the end.
    private static byte[] ReadAll(int fd, string path, long maxBytes, long expectedSize)
    {
        var buffer = new byte[Math.Max(expectedSize, 0)];
        var probe = new byte[1];
        long filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (Read(fd, path, probe, 0, 1) == 0)
                {
                    RequireWithinBound(path, filled, maxBytes);
                    return buffer;
                }

                RequireWithinBound(path, filled + 1, maxBytes);
                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, 4096), maxBytes + 1));
                buffer[filled++] = probe[0];
                continue;
            }

            var read = Read(fd, path, buffer, (int)filled, buffer.Length - filled);
            if (read == 0)
            {
                RequireWithinBound(path, filled, maxBytes);
                Array.Resize(ref buffer, (int)filled);
                return buffer;
            }

            filled += read;
        }
    }

    private static long Read(int fd, string path, byte[] buffer, int offset, long count)
    {
        while (true)
        {
            var read = (long)LinuxNative.ReadAt(fd, buffer, offset, (IntPtr)count);
            if (read >= 0)
            {
                return read;
            }

            var errno = System.Runtime.InteropServices.Marshal.GetLastWin32Error();
            if (errno != LinuxNative.EINTR)
            {
                throw new IOException($"Cannot read '{path}' (errno {errno}).");
            }
        }
    }

    private static FileStream? OpenElsewhere(string path, long maxBytes, out FileVersion version)
    {
        version = default;
        try
        {
            // FileShare.Delete lets a writer rename over the file while it is being read (Windows needs the flag).
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            version = new FileVersion(0, stream.Length, File.GetLastWriteTimeUtc(path).Ticks * 100, 0);
            RequireWithinBound(path, version.Size, maxBytes);
            return stream;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot read '{path}': {ex.Message}", ex);
        }
    }

    // The size was checked before reading; reading stops past the bound too, in case the file grows meanwhile.
    private static byte[] ReadBounded(FileStream stream, string path, long maxBytes, long expectedSize)
    {
        var bytes = new MemoryStream(checked((int)Math.Min(expectedSize, maxBytes)));
        var buffer = new byte[Math.Min(Math.Max(expectedSize, 1), 81920)];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            bytes.Write(buffer, 0, read);
            RequireWithinBound(path, bytes.Length, maxBytes);
        }

        return bytes.ToArray();
    }

    private static void RequireWithinBound(string path, long size, long maxBytes)
    {
        if (size > maxBytes)
        {
            throw new IOException(
                $"'{path}' is {size:N0} bytes, more than the {maxBytes:N0}-byte bound on node files (FileStoreOptions.MaxNodeFileBytes); it was not read.");
        }
    }

    private static IOException NotARegularFile(string path, string kind) =>
        new($"'{path}' is {kind}, not a regular file; it was refused without being read.");

    // Null for a regular file.
    private static string? KindOf(byte[] statx)
    {
        var mode = BitConverter.ToUInt16(statx, 28);
        return (mode & FileTypeMask) switch
        {
            RegularFile => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x4000 => "a directory",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => $"a file of type 0x{mode & FileTypeMask:X4}",
        };
    }

    private static FileVersion VersionOf(byte[] statx) => new(
        BitConverter.ToUInt64(statx, 32),
        (long)BitConverter.ToUInt64(statx, 40),
        Nanoseconds(statx, 112),
        Nanoseconds(statx, 96));

    private static long Nanoseconds(byte[] statx, int offset) =>
        BitConverter.ToInt64(statx, offset) * 1_000_000_000 + BitConverter.ToUInt32(statx, offset + 8);
}
