using System.Net.Http;
using Python.Runtime;

// Members of a class that has a named mutex `FileLock`, an `HttpClient _http`, a `FormatAsync(string)` step and
// pythonnet's `Py` in scope.
internal sealed class LockAndPythonMembersContext
{
    private static readonly Mutex FileLock = new Mutex(false, "Global\\contoso-settings");
    private readonly HttpClient _http = new HttpClient();

    private static Task<string> FormatAsync(string json) => Task.FromResult(json.Trim());

    // snippet
}
