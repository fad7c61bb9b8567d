using System;
using System.Runtime.InteropServices;

namespace EngramDb.Storage;

/// <summary>
/// The few Linux calls .NET does not expose: <c>statx</c> (file type, inode and nanosecond times, in a layout that is
/// the same on every architecture), a non-blocking <c>open</c> (so a FIFO never blocks), and <c>inotify</c>.
/// </summary>
internal static unsafe class LinuxNative
{
    public const int AtFdCwd = -100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxBasicStats = 0x7ff;
    public const int StatxBufferSize = 256;

    public const int OpenReadOnly = 0;
    public const int OpenNonBlocking = 0x800;
    public const int OpenCloseOnExec = 0x80000;

    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int ELOOP = 40;

    public const uint InModify = 0x2;
    public const uint InAttrib = 0x4;
    public const uint InCloseWrite = 0x8;
    public const uint InMovedFrom = 0x40;
    public const uint InMovedTo = 0x80;
    public const uint InCreate = 0x100;
    public const uint InDelete = 0x200;
    public const uint InDeleteSelf = 0x400;
    public const uint InMoveSelf = 0x800;
    public const uint InQueueOverflow = 0x4000;
    public const uint InIgnored = 0x8000;
    public const uint InOnlyDirectory = 0x1000000;
    public const uint InIsDirectory = 0x40000000;

    public static bool IsLinux { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static extern int Statx(int directoryFd, string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern IntPtr Read(int fd, [Out] byte[] buffer, IntPtr count);

    /// <summary><c>read(2)</c> into <paramref name="buffer"/> from <paramref name="offset"/> on.</summary>
    public static unsafe IntPtr ReadAt(int fd, byte[] buffer, int offset, IntPtr count)
    {
        fixed (byte* start = buffer)
        {
            return ReadInto(fd, start + offset, count);
        }
    }

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern unsafe IntPtr ReadInto(int fd, byte* buffer, IntPtr count);

    [DllImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    public static extern int InotifyInit(int flags);

    [DllImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true)]
    public static extern int InotifyAddWatch(int fd, string path, uint mask);

    [DllImport("libc", EntryPoint = "inotify_rm_watch", SetLastError = true)]
    public static extern int InotifyRemoveWatch(int fd, int watch);
}
