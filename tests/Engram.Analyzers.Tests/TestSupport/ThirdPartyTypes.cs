namespace Engram.Analyzers.Tests.TestSupport;

/// <summary>Types that nothing marks thread-affine: only <c>engram_thread_affine_types</c> can make them so.</summary>
public static class ThirdPartyTypes
{
    /// <summary>
    /// <c>Realms.Realm</c> (and a subclass), <c>Python.Runtime.Interop.PyObject</c> for namespace wildcards, and
    /// <c>PythonTools.Console</c>, whose namespace only shares a prefix with <c>Python</c>.
    /// </summary>
    public const string Declarations = """
        namespace Realms { public class Realm { public void Write() { } } public class RealmChild : Realm { } }
        namespace Python.Runtime.Interop { public class PyObject { public void Call() { } } }
        namespace PythonTools { public class Console { public void Call() { } } }

        """;
}
