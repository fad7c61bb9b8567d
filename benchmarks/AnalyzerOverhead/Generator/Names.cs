namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>Deterministic, readable type names for the generated files: file <c>i</c> always gets the same names.</summary>
internal static class Names
{
    private static readonly string[] s_nouns =
    {
        "Invoice", "Order", "Customer", "Shipment", "Ledger", "Payment", "Report", "Session", "Message", "Document",
        "Ticket", "Catalog", "Inventory", "Schedule", "Booking", "Account", "Profile", "Metric", "Alert", "Export",
        "Import", "Contract", "Campaign", "Survey",
    };

    private static readonly string[] s_serviceRoles = { "Service", "Processor", "Handler", "Coordinator", "Pipeline", "Aggregator" };

    public const int FilesPerModule = 20;

    public static string Noun(int index) => s_nouns[index % s_nouns.Length];

    public static int Module(int index) => index / FilesPerModule;

    public static string Namespace(int index) => $"Contoso.Platform.Module{Module(index):D3}";

    public static string Record(int index) => $"{Noun(index)}Record{index:D5}";

    public static string Service(int index) => $"{Noun(index)}{s_serviceRoles[index / s_nouns.Length % s_serviceRoles.Length]}{index:D5}";

    public static string ServiceInterface(int index) => "I" + Service(index);

    public static string AgentMemory(int index) => $"{Noun(index)}Memory{index:D5}";

    public static string AffineSurface(int index) => $"{Noun(index)}Surface{index:D5}";

    public static string SurfaceRenderer(int index) => $"{Noun(index)}Renderer{index:D5}";

    public static string ModuleRegistration(int module) => $"Module{module:D3}Registration";

    public static string AddModuleMethod(int module) => $"AddModule{module:D3}";
}
