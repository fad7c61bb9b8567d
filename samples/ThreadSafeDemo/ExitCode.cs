namespace ThreadSafeDemo;

/// <summary>The demo's exit codes when it cannot serve; each failure is also stated in one line on stderr.</summary>
internal enum ExitCode
{
    Served = 0,
    UnusableStore = 2,
    AddressInUse = 3,
}
