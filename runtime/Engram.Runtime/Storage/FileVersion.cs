using System;

namespace EngramDb.Storage;

/// <summary>What a store sees of a stored node's version without reading it: for files, inode, size and change times.</summary>
/// <remarks>
/// A rename (how this library writes) gives a new inode; an in-place rewrite (how EngramDB writes) changes the
/// modification and status-change times and usually the size. Equal versions mean "unchanged" for a full rescan;
/// the change feed does not rely on them.
/// </remarks>
internal readonly struct FileVersion : IEquatable<FileVersion>
{
    public FileVersion(ulong inode, long size, long modifiedNanoseconds, long changedNanoseconds)
    {
        Inode = inode;
        Size = size;
        ModifiedNanoseconds = modifiedNanoseconds;
        ChangedNanoseconds = changedNanoseconds;
    }

    public ulong Inode { get; }

    public long Size { get; }

    public long ModifiedNanoseconds { get; }

    public long ChangedNanoseconds { get; }

    public bool Equals(FileVersion other) =>
        Inode == other.Inode && Size == other.Size && ModifiedNanoseconds == other.ModifiedNanoseconds && ChangedNanoseconds == other.ChangedNanoseconds;

    public override bool Equals(object? obj) => obj is FileVersion other && Equals(other);

    public override int GetHashCode() => HashCode(Inode, Size, ModifiedNanoseconds, ChangedNanoseconds);

    private static int HashCode(ulong a, long b, long c, long d) => ((int)a * 397) ^ ((int)b * 31) ^ (int)c ^ ((int)d << 7);
}
