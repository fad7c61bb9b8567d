using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>
/// Finds, on the control-flow graph of one async function, the uses of thread-affine values that some path reaches
/// from where the value was obtained through an await that may resume on another thread.
/// </summary>
/// <remarks>
/// <para>
/// A forward "may" dataflow over basic blocks, iterated to a fixed point with a worklist. Each tracked slot (a
/// local, parameter, field or stored property of <c>this</c>, static, or a flow capture of the graph holding an
/// affine value) carries the <see cref="Staleness"/> of the value it holds. At entry every slot is fresh: fields,
/// parameters and captured variables count as obtained when the function starts. An await marks every slot stale;
/// an assignment gives the slot the staleness of the assigned value, fresh for anything newly obtained
/// (<c>ctx.Db</c>, <c>Database.FileBased(...)</c>, a call's result).
/// </para>
/// <para>
/// Within a statement operations are evaluated in execution order, so a value read before an await in the same
/// statement and used after it (<c>db.Save(await LoadAsync())</c>) counts as crossing it. Exceptions reach catch,
/// filter and finally handlers from every point of the protected region; a finally runs on every branch leaving
/// through it and continues to each branch's destination.
/// </para>
/// <para>
/// A lambda, anonymous method or local function the flow creates, references or calls on its own thread uses
/// what it captures right there (<see cref="SameThreadFunctionCaptures"/>): a stale captured handle is reported at
/// its reference inside the function. Values the function obtains itself are its own graph's business.
/// </para>
/// <para>
/// Not uses: copying the value into another tracked slot (the copy is followed instead), <c>Dispose</c> /
/// <c>DisposeAsync</c> (allowed on any thread), null checks, reference comparisons and type tests.
/// </para>
/// </remarks>
internal sealed class AwaitCrossingAnalysis
{
    private readonly ControlFlowGraph _graph;
    private readonly ThreadAffinityContext _affinity;
    private readonly SameThreadFunctionCaptures _functionCaptures;
    private readonly CancellationToken _cancellationToken;

    private readonly Dictionary<ISymbol, int> _symbolSlots = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, int> _referenceSlots = new();
    private readonly Dictionary<CaptureId, int> _captureSlots = new();
    private readonly Dictionary<CaptureId, IOperation> _capturedValues = new();
    private readonly Dictionary<IOperation, int> _awaitIndexes = new();
    private readonly List<IAwaitOperation> _awaits = new();
    private readonly Dictionary<IOperation, List<(IOperation Reference, int Slot)>> _capturesUsedAt = new();
    private int _slotCount;

    // Per statement: the affine values produced so far, and all of them (they age when an await follows).
    private readonly Dictionary<IOperation, AffineValue> _values = new();
    private readonly List<AffineValue> _liveValues = new();
    private readonly Stack<(IOperation Operation, bool ChildrenDone)> _pending = new();

    private AwaitCrossingAnalysis(
        ControlFlowGraph graph, ThreadAffinityContext affinity, SameThreadFunctionCaptures functionCaptures, CancellationToken cancellationToken)
    {
        _graph = graph;
        _affinity = affinity;
        _functionCaptures = functionCaptures;
        _cancellationToken = cancellationToken;
    }

    /// <param name="graph">The graph of one function: a method body, an anonymous function or a local function.</param>
    /// <param name="affinity">Which types are thread-affine.</param>
    /// <param name="functionCaptures">What the lambdas and local functions of the graph's member capture.</param>
    /// <param name="resumption">Which awaits may resume on another thread.</param>
    /// <param name="singleThreadedContext">Whether the code runs under a single-threaded synchronization context.</param>
    [MethodImpl(HotPath.Optimized)]
    public static List<StaleAffineUse> FindStaleUses(
        ControlFlowGraph graph,
        ThreadAffinityContext affinity,
        SameThreadFunctionCaptures functionCaptures,
        AwaitResumption resumption,
        bool singleThreadedContext,
        CancellationToken cancellationToken)
    {
        var analysis = new AwaitCrossingAnalysis(graph, affinity, functionCaptures, cancellationToken);
        if (!analysis.Prepare(resumption, singleThreadedContext))
        {
            return new List<StaleAffineUse>();
        }

        return analysis.Run();
    }

    /// <summary>Numbers the slots and the awaits; false when nothing can cross an await.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool Prepare(AwaitResumption resumption, bool singleThreadedContext)
    {
        var touchesAffineValue = false;
        var awaits = new List<IAwaitOperation>();
        foreach (var block in _graph.Blocks)
        {
            foreach (var operation in block.AllOperations())
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    touchesAffineValue |= _affinity.IsThreadAffine(descendant.Type);
                    switch (descendant)
                    {
                        case IAwaitOperation awaitOperation:
                            awaits.Add(awaitOperation);
                            break;
                        case IFlowCaptureOperation capture:
                            _capturedValues[capture.Id] = capture.Value;
                            if (!_captureSlots.ContainsKey(capture.Id) && _affinity.IsThreadAffine(capture.Value.Type))
                            {
                                _captureSlots.Add(capture.Id, _slotCount++);
                            }

                            break;
                        default:
                            if (TrackedSymbol(descendant) is { } symbol)
                            {
                                _referenceSlots[descendant] = SlotOf(symbol);
                            }

                            touchesAffineValue |= TrackCapturesUsedAt(descendant);
                            break;
                    }
                }
            }
        }

        if (!touchesAffineValue)
        {
            return false;
        }

        foreach (var awaitOperation in awaits)
        {
            if (resumption.MayResumeOnAnotherThread(awaitOperation, singleThreadedContext, _capturedValues))
            {
                _awaitIndexes.Add(awaitOperation, _awaits.Count);
                _awaits.Add(awaitOperation);
            }
        }

        return _awaits.Count > 0;
    }

    [MethodImpl(HotPath.Optimized)]
    private int SlotOf(ISymbol symbol)
    {
        if (!_symbolSlots.TryGetValue(symbol, out var slot))
        {
            slot = _slotCount++;
            _symbolSlots.Add(symbol, slot);
        }

        return slot;
    }

    /// <summary>Gives the tracked values a function run at <paramref name="operation"/> captures their slots; true when there are any.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool TrackCapturesUsedAt(IOperation operation)
    {
        List<(IOperation, int)>? used = null;
        foreach (var capture in _functionCaptures.CapturesRunBy(operation))
        {
            if (TrackedSymbol(capture.Reference) is { } symbol)
            {
                var slot = SlotOf(symbol);
                _referenceSlots[capture.Reference] = slot;
                (used ??= new List<(IOperation, int)>()).Add((capture.Reference, slot));
            }
        }

        if (used is null)
        {
            return false;
        }

        _capturesUsedAt[operation] = used;
        return true;
    }

    [MethodImpl(HotPath.Optimized)]
    private List<StaleAffineUse> Run()
    {
        var entryStates = SlotDataflow.Solve<Staleness>(
            _graph, _slotCount, Staleness.Fresh, (block, state, throwState) => Transfer(block, state, throwState, uses: null), _cancellationToken);

        // The fixed point is reached: one more pass over every reachable block collects the uses.
        var uses = new Dictionary<SyntaxNode, (IOperation Value, Staleness Staleness)>();
        var blocks = _graph.Blocks;
        for (var ordinal = 0; ordinal < blocks.Length; ordinal++)
        {
            if (entryStates[ordinal] is { } entry)
            {
                var state = (Staleness[])entry.Clone();
                Transfer(blocks[ordinal], state, (Staleness[])entry.Clone(), uses);
            }
        }

        var staleUses = new List<StaleAffineUse>(uses.Count);
        foreach (var (value, staleness) in uses.Values)
        {
            staleUses.Add(new StaleAffineUse(value, NameOf(value), _awaits[staleness.FirstAwait], staleness.CrossesSeveralAwaits));
        }

        return staleUses;
    }

    /// <summary>
    /// Runs one block over <paramref name="state"/>. <paramref name="throwState"/> accumulates every state an
    /// exception could leave the block in; <paramref name="uses"/>, when given, collects the stale uses.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private void Transfer(BasicBlock block, Staleness[] state, Staleness[] throwState, Dictionary<SyntaxNode, (IOperation, Staleness)>? uses)
    {
        foreach (var statement in block.Operations)
        {
            Evaluate(statement, state, throwState, uses);
            SlotDataflow.JoinWith(throwState, state);
        }

        if (block.BranchValue is { } branchValue)
        {
            Evaluate(branchValue, state, throwState, uses);
            SlotDataflow.JoinWith(throwState, state);

            // A block's branch value that is itself affine is a returned value: the caller receives it.
            if (_values.TryGetValue(branchValue, out var returned))
            {
                RecordUse(returned, uses);
            }
        }
    }

    /// <summary>Evaluates one statement (or branch value) in execution order: operands before the operation using them.</summary>
    [MethodImpl(HotPath.Optimized)]
    private void Evaluate(IOperation statement, Staleness[] state, Staleness[] throwState, Dictionary<SyntaxNode, (IOperation, Staleness)>? uses)
    {
        _values.Clear();
        _liveValues.Clear();
        var pending = _pending;
        pending.Push((statement, false));
        while (pending.Count > 0)
        {
            var (operation, childrenDone) = pending.Pop();
            if (!childrenDone)
            {
                pending.Push((operation, true));
                foreach (var child in operation.ChildOperations.Reverse())
                {
                    pending.Push((child, false));
                }

                continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (_values.TryGetValue(child, out var value) && IsUse(operation, child))
                {
                    RecordUse(value, uses);
                }
            }

            if (uses is not null && _capturesUsedAt.TryGetValue(operation, out var captures))
            {
                foreach (var (reference, slot) in captures)
                {
                    RecordUse(new AffineValue(reference, state[slot]), uses);
                }
            }

            ApplyEffects(operation, state, throwState);
            if (Produce(operation, state) is { } produced)
            {
                _values[operation] = produced;
            }
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void RecordUse(AffineValue value, Dictionary<SyntaxNode, (IOperation Value, Staleness Staleness)>? uses)
    {
        if (uses is null || !value.Staleness.IsStale)
        {
            return;
        }

        var syntax = value.Origin.Syntax;
        uses[syntax] = uses.TryGetValue(syntax, out var known)
            ? (known.Value, known.Staleness.Join(value.Staleness))
            : (value.Origin, value.Staleness);
    }

    /// <summary>What an operation does to the slots once its operands are evaluated.</summary>
    [MethodImpl(HotPath.Optimized)]
    private void ApplyEffects(IOperation operation, Staleness[] state, Staleness[] throwState)
    {
        switch (operation)
        {
            case IAwaitOperation awaitOperation when _awaitIndexes.TryGetValue(awaitOperation, out var awaitIndex):
                var crossed = Staleness.Since(awaitIndex);
                for (var slot = 0; slot < state.Length; slot++)
                {
                    state[slot] = crossed;
                }

                foreach (var value in _liveValues)
                {
                    value.Staleness = crossed;
                }

                SlotDataflow.JoinWith(throwState, state);
                break;

            case ISimpleAssignmentOperation assignment when _referenceSlots.TryGetValue(assignment.Target, out var slot):
                state[slot] = StalenessOf(assignment.Value);
                break;

            case IFlowCaptureOperation capture when _captureSlots.TryGetValue(capture.Id, out var slot):
                state[slot] = StalenessOf(capture.Value);
                break;

            case IDeconstructionAssignmentOperation deconstruction:
                foreach (var target in deconstruction.Target.DescendantsAndSelf())
                {
                    if (_referenceSlots.TryGetValue(target, out var targetSlot))
                    {
                        state[targetSlot] = Staleness.Fresh;
                    }
                }

                break;

            case IIsPatternOperation isPattern:
                // Variables a type test declares (db is Database d) hold the tested value.
                foreach (var pattern in isPattern.Pattern.DescendantsAndSelf())
                {
                    if (DeclaredSymbol(pattern) is { } declared && _symbolSlots.TryGetValue(declared, out var declaredSlot))
                    {
                        state[declaredSlot] = StalenessOf(isPattern.Value);
                    }
                }

                break;

            case IInvocationOperation or IObjectCreationOperation:
                // out and ref arguments are assigned by the callee, on this thread.
                foreach (var child in operation.ChildOperations)
                {
                    if (child is IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument
                        && _referenceSlots.TryGetValue(WithoutDeclaration(argument.Value), out var argumentSlot))
                    {
                        state[argumentSlot] = Staleness.Fresh;
                    }
                }

                break;
        }
    }

    /// <summary>The affine value an operation evaluates to, if any.</summary>
    [MethodImpl(HotPath.Optimized)]
    private AffineValue? Produce(IOperation operation, Staleness[] state)
    {
        if (IsOnlyWritten(operation))
        {
            return null;
        }

        switch (operation)
        {
            case IFlowCaptureReferenceOperation reference when _captureSlots.TryGetValue(reference.Id, out var captureSlot):
                return NewValue(operation, state[captureSlot]);
            case IConversionOperation conversion when _values.TryGetValue(conversion.Operand, out var converted):
                return converted;
            case ISimpleAssignmentOperation assignment when _values.TryGetValue(assignment.Value, out var assigned):
                return assigned;
            case IFlowAnonymousFunctionOperation:
                return null;
        }

        if (_referenceSlots.TryGetValue(operation, out var slot))
        {
            return NewValue(operation, state[slot]);
        }

        return _affinity.IsThreadAffine(operation.Type) ? NewValue(operation, Staleness.Fresh) : null;
    }

    [MethodImpl(HotPath.Optimized)]
    private AffineValue NewValue(IOperation origin, Staleness staleness)
    {
        var value = new AffineValue(origin, staleness);
        _liveValues.Add(value);
        return value;
    }

    [MethodImpl(HotPath.Optimized)]
    private Staleness StalenessOf(IOperation value) =>
        _values.TryGetValue(value, out var affine) ? affine.Staleness : Staleness.Fresh;

    /// <summary>
    /// False when <paramref name="consumer"/> takes the value of <paramref name="operand"/> without touching it on
    /// the current thread: a copy into a tracked slot or a capture, a conversion, <c>Dispose</c>, a null check, a
    /// reference comparison or a type test.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private bool IsUse(IOperation consumer, IOperation operand) => consumer switch
    {
        IConversionOperation or IFlowCaptureOperation or IIsNullOperation => false,
        ISimpleAssignmentOperation assignment => !_referenceSlots.ContainsKey(assignment.Target),
        IInvocationOperation invocation => !(invocation.IsDisposeCall() && invocation.Instance == operand),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals, OperatorMethod: null } => false,
        IIsPatternOperation isPattern => !IsTypeOrNullTest(isPattern.Pattern),
        _ => true,
    };

    [MethodImpl(HotPath.Optimized)]
    private static bool IsTypeOrNullTest(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => constant.Value.WalkDownConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } },
        INegatedPatternOperation negated => IsTypeOrNullTest(negated.Pattern),
        ITypePatternOperation or IDeclarationPatternOperation or IDiscardPatternOperation => true,
        IRecursivePatternOperation { DeconstructionSubpatterns.Length: 0, PropertySubpatterns.Length: 0 } => true,
        _ => false,
    };

    [MethodImpl(HotPath.Optimized)]
    private static ISymbol? DeclaredSymbol(IOperation pattern) => pattern switch
    {
        IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
        IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
        _ => null,
    };

    /// <summary>The variable of <c>out var x</c>.</summary>
    [MethodImpl(HotPath.Optimized)]
    private static IOperation WithoutDeclaration(IOperation value) =>
        value is IDeclarationExpressionOperation declaration ? declaration.Expression : value;

    /// <summary>True for a reference that only receives a value: an assignment target, an <c>out</c> argument, a declaration.</summary>
    [MethodImpl(HotPath.Optimized)]
    private static bool IsOnlyWritten(IOperation operation)
    {
        if (operation is ILocalReferenceOperation { IsDeclaration: true })
        {
            return true;
        }

        var target = operation;
        while (target.Parent is ITupleOperation or IDeclarationExpressionOperation)
        {
            target = target.Parent;
        }

        return target.Parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target == target,
            IDeconstructionAssignmentOperation deconstruction => deconstruction.Target == target,
            IArgumentOperation { Parameter.RefKind: RefKind.Out } => true,
            _ => false,
        };
    }

    /// <summary>
    /// The variable or member a reference reads if it is tracked from function entry: an affine local or parameter,
    /// or an affine field or stored property of <c>this</c> or static. <c>[ThreadStatic]</c> fields and computed
    /// properties give each read a value of the current thread and are not tracked.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private ISymbol? TrackedSymbol(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local when _affinity.IsThreadAffine(local.Local.Type):
                return local.Local;
            case IParameterReferenceOperation parameter when _affinity.IsThreadAffine(parameter.Parameter.Type):
                return parameter.Parameter;
            case IFieldReferenceOperation field
                when (field.Field.IsStatic || field.HasThisReceiver())
                    && _affinity.IsThreadAffine(field.Field.Type)
                    && !field.Field.HasAttribute(_affinity.Types.ThreadStaticAttribute):
                return field.Field;
            case IPropertyReferenceOperation { Arguments.Length: 0 } property
                when (property.Property.IsStatic || property.HasThisReceiver())
                    && _affinity.IsThreadAffine(property.Property.Type)
                    && property.Property.ReturnsStoredState(_cancellationToken):
                return property.Property;
            default:
                return null;
        }
    }

    private string NameOf(IOperation value) =>
        _referenceSlots.ContainsKey(value) && TrackedSymbol(value) is { } symbol ? symbol.Name : value.Syntax.ToString();

    /// <summary>An affine value during the evaluation of one statement; it ages when an await follows.</summary>
    private sealed class AffineValue
    {
        public AffineValue(IOperation origin, Staleness staleness)
        {
            Origin = origin;
            Staleness = staleness;
        }

        public IOperation Origin { get; }

        public Staleness Staleness { get; set; }
    }
}
