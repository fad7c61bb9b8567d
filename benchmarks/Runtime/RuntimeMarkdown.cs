using System.Linq;
using System.Text;

namespace Engram.Runtime.Benchmarks;

/// <summary>The runtime section of docs/performance.md.</summary>
internal static class RuntimeMarkdown
{
    private static readonly int[] s_storeSizes = { 10, 10_000, 100_000 };
    private static readonly int[] s_threadCounts = { 1, 2, 8 };
    private static readonly string[] s_throughputPatterns = { "ContextPattern", "SharedStoreBehindLock", "PooledRawHandles" };

    public static string Render(RuntimeResults results)
    {
        var md = new StringBuilder();
        md.AppendLine("## Runtime");
        md.AppendLine();
        md.AppendLine($"Machine: {results.Machine.ToMarkdownLine()}.");
        md.AppendLine();
        md.AppendLine($"Command: `{results.Command}`; BenchmarkDotNet 0.15.8, job: {results.Job}. Times are medians per operation.");
        md.AppendLine();
        md.AppendLine("| target | measured | met |");
        md.AppendLine("| --- | --- | --- |");
        foreach (var check in results.Targets)
        {
            md.AppendLine($"| {check.Target} | {check.Measured} | {(check.Met ? "yes" : "**no**")} |");
        }

        AppendStoreAtScale(md, results);
        AppendSimpleTable(md, results, "### Owner-thread check", "RawManagedThreadIdRead", "VerifyAccess", "CheckAccess", "ManagedIdComparison");
        AppendSimpleTable(md, results, "### Reading this thread's handle once it exists", "ThreadStaticFieldRead", "ThreadLocalValue", "WarmContextDb");
        AppendFirstHandle(md, results);
        AppendThroughput(md, results);
        return md.ToString();
    }

    private static void AppendSimpleTable(StringBuilder md, RuntimeResults results, string title, params string[] methods)
    {
        var found = methods.Select(method => results.Find(method)).Where(result => result is not null).ToList();
        if (found.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine(title).AppendLine();
        md.AppendLine("| benchmark | median (ns) | mean (ns) | standard error (ns) |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var result in found)
        {
            md.AppendLine(RuntimeResults.Invariant($"| {result!.Method} | {result.MedianNanoseconds:0.000} | {result.MeanNanoseconds:0.000} | {result.StandardErrorNanoseconds:0.000} |"));
        }
    }

    private static void AppendStoreAtScale(StringBuilder md, RuntimeResults results)
    {
        var methods = new[]
        {
            ("WarmSearchSimilar", "SearchSimilar(limit 10), warm index"),
            ("RawTensorPrimitivesScan", "floor: raw TensorPrimitives scan of one array, best 10"),
            ("FullScanSearchSimilar", "SearchSimilar as before the index: read and parse every node file"),
            ("WarmGetChatHistory", "GetChatHistory(10), warm index"),
            ("FullScanGetChatHistory", "GetChatHistory(10) as before the index"),
            ("BuildIndexByFirstSearch", "index build: first search on a newly opened store"),
        };
        var found = methods.Select(m => (m.Item2, Result: results.Find(m.Item1))).Where(m => m.Result is not null).ToList();
        if (found.Count == 0 && results.IndexMemory is null)
        {
            return;
        }

        md.AppendLine().AppendLine("### The store at 100,000 nodes of 256 floats (one chat of 100,000 messages)").AppendLine();
        md.AppendLine("| operation | median | mean | standard error | allocated per call |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (label, result) in found)
        {
            var allocated = result!.AllocatedBytesPerOperation is { } bytes ? RuntimeResults.Invariant($"{bytes:N0} B") : "-";
            md.AppendLine($"| {label} (`{result.Method}`) | {RuntimeResults.Duration(result.MedianNanoseconds)} | {RuntimeResults.Duration(result.MeanNanoseconds)} | {RuntimeResults.Duration(result.StandardErrorNanoseconds)} | {allocated} |");
        }

        if (results.IndexMemory is { } memory)
        {
            md.AppendLine();
            var retained = string.Join(", ", memory.RetainedBytesSorted.Select(RuntimeResults.Megabytes));
            var builds = string.Join(", ", memory.InProcessBuildSeconds.Select(seconds => RuntimeResults.Invariant($"{seconds:0.00} s")));
            md.Append(RuntimeResults.Invariant($"Index memory (managed heap after a full collection, before and after the first search, {memory.RetainedBytesSorted.Count} runs in one process): {retained} retained; "));
            md.Append(RuntimeResults.Invariant($"of that, the vector arrays {RuntimeResults.Megabytes(memory.VectorArrayBytes)}. Raw embeddings {RuntimeResults.Megabytes(memory.RawEmbeddingBytes)} ({memory.Nodes:N0} x {memory.Dimensions} x 4 bytes), "));
            md.AppendLine(RuntimeResults.Invariant($"metadata {RuntimeResults.Megabytes(memory.MetadataBytes)} ({IndexMemory.MetadataBytesPerNode} bytes per node: id, creation time, message time). The same runs' build times, in process: {builds}."));
        }
    }

    private static void AppendFirstHandle(StringBuilder md, RuntimeResults results)
    {
        if (results.Find("NewThreadOnly", "StoreNodes", 10) is null)
        {
            return;
        }

        md.AppendLine().AppendLine("### The first handle on a new thread").AppendLine();
        md.AppendLine("Each operation starts a thread and joins it; \"first handle\" is `FirstDbOnNewThread` minus `NewThreadOnly`, and "
            + "\"memory per handle\" is the same difference in bytes allocated (on all threads).");
        md.AppendLine();
        md.AppendLine("| nodes in store | NewThreadOnly | FirstDbOnNewThread | first handle | FirstDbAndLoadOnNewThread | OpenStoreCold | memory per handle |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var nodes in s_storeSizes)
        {
            var thread = results.Find("NewThreadOnly", "StoreNodes", nodes);
            var first = results.Find("FirstDbOnNewThread", "StoreNodes", nodes);
            var firstAndLoad = results.Find("FirstDbAndLoadOnNewThread", "StoreNodes", nodes);
            var cold = results.Find("OpenStoreCold", "StoreNodes", nodes);
            var handleCost = thread is not null && first is not null ? RuntimeResults.Microseconds(first.MedianNanoseconds - thread.MedianNanoseconds) : "-";
            var handleMemory = thread?.AllocatedBytesPerOperation is { } threadBytes && first?.AllocatedBytesPerOperation is { } firstBytes
                ? RuntimeResults.Invariant($"{firstBytes - threadBytes:N0} B")
                : "-";
            md.AppendLine(RuntimeResults.Invariant(
                $"| {nodes:N0} | {Time(thread)} | {Time(first)} | {handleCost} | {Time(firstAndLoad)} | {Time(cold)} | {handleMemory} |"));
        }
    }

    private static void AppendThroughput(StringBuilder md, RuntimeResults results)
    {
        if (results.Find("ContextPattern", "Threads", 1) is null)
        {
            return;
        }

        md.AppendLine().AppendLine("### StoreMessage throughput (messages per second; every message is written and flushed to disk)").AppendLine();
        md.AppendLine("| threads | " + string.Join(" | ", s_throughputPatterns) + " |");
        md.AppendLine("| ---: |" + string.Concat(s_throughputPatterns.Select(_ => " ---: |")));
        foreach (var threads in s_threadCounts)
        {
            var cells = s_throughputPatterns.Select(pattern => results.Find(pattern, "Threads", threads) is { } result
                ? RuntimeResults.Invariant($"{1e9 / result.MeanNanoseconds:N0} ({RuntimeResults.Microseconds(result.MeanNanoseconds)} each)")
                : "-");
            md.AppendLine($"| {threads} | " + string.Join(" | ", cells) + " |");
        }
    }

    private static string Time(CaseResult? result) => result is null ? "-" : RuntimeResults.Microseconds(result.MedianNanoseconds);
}
