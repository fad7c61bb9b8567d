using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Captures;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>
/// Finds, on the control-flow graph of one async function, the uses of thread-affine values that some path reaches
/// from where the value was obtained through an await (or, in an async iterator, a <c>yield return</c>) that may
/// resume on another thread.
/// </summary>
/// <remarks>
/// <para>
/// A forward "may" dataflow over basic blocks (<see cref="SlotDataflow"/>). Each tracked slot (a local, parameter,
/// field or stored property of <c>this</c>, or a flow capture of the graph, holding an affine value or a container
/// of them) carries the <see cref="Staleness"/> of the value it holds. At entry every slot is fresh: fields,
/// parameters and captured variables count as obtained when the function starts. A resumption point marks every
/// slot stale; an assignment gives the slot the staleness of the assigned value, fresh for anything newly obtained
/// (<c>ctx.Db</c>, <c>Database.FileBased(...)</c>, a call's result). Static members are not tracked: keeping a handle
/// in one is ENG003's finding, whatever happens after an await.
/// </para>
/// <para>
/// Within a statement operations are evaluated in execution order, so a value read before an await in the same
/// statement and used after it (<c>db.Save(await LoadAsync())</c>) counts as crossing it. Exceptions reach catch,
/// filter and finally handlers from every point of the protected region; a finally runs on every branch leaving
/// through it and continues to each branch's destination.
/// </para>
/// <para>
/// The value is followed, not only the declared type: a handle kept in a local of type <c>object</c>,
/// <c>dynamic</c> or an interface is still the handle, and a handle taken out of a container (an element, a
/// <c>Lazy</c>'s value, an enumerator's current item) is as stale as the container. Using the container itself
/// (counting it, adding to it) is not a use of any handle.
/// </para>
/// <para>
/// A lambda, anonymous method or local function the flow creates, references or calls on its own thread uses
/// what it captures right there, and so does a call of a method or computed property of <c>this</c> with the
/// state it uses (<see cref="SameThreadFunctionCaptures"/>): a stale value is reported where the function or call
/// uses it.
/// </para>
/// <para>
/// Not uses: copying the value into another tracked slot (the copy is followed instead), disposing it (allowed on
/// any thread), null checks, reference comparisons (<c>==</c>, <c>ReferenceEquals</c>) and type tests. Handing
/// the value on (an argument, a store into another object, a return) is a use: the receiver uses it on this thread.
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
    private readonly HashSet<ILocalSymbol> _localsHoldingConvertedHandles = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, int> _resumptionIndexes = new();
    private readonly List<IOperation> _resumptions = new();
    private readonly Dictionary<IOperation, List<RunUse>> _usesRunBy = new();
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
    /// <param name="functionCaptures">What the lambdas, local functions and methods of <c>this</c> the graph runs use.</param>
    /// <param name="resumption">Which awaits may resume on another thread.</param>
    /// <param name="singleThreadedContext">Whether the code runs under a single-threaded synchronization context.</param>
    /// <param name="isAsyncIterator">Whether the function is an async iterator, whose <c>yield return</c> hands control to a consumer that may resume it anywhere.</param>
    [MethodImpl(HotPath.Optimized)]
    public static List<StaleAffineUse> FindStaleUses(
        ControlFlowGraph graph,
        ThreadAffinityContext affinity,
        SameThreadFunctionCaptures functionCaptures,
        AwaitResumption resumption,
        bool singleThreadedContext,
        bool isAsyncIterator,
        CancellationToken cancellationToken)
    {
        var analysis = new AwaitCrossingAnalysis(graph, affinity, functionCaptures, cancellationToken);
        if (!analysis.Prepare(resumption, singleThreadedContext, isAsyncIterator))
        {
            return new List<StaleAffineUse>();
        }

        return analysis.Run();
    }

    /// <summary>Numbers the slots and the resumption points; false when nothing can cross one.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool Prepare(AwaitResumption resumption, bool singleThreadedContext, bool isAsyncIterator)
    {
        var touchesAffineValue = false;
        var points = new List<IOperation>();
        List<ILocalReferenceOperation>? untypedLocalReferences = null;
        foreach (var block in _graph.Blocks)
        {
            foreach (var operation in block.AllOperations())
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    touchesAffineValue |= descendant.Type is { } type && _affinity.FindHeldAffineValue(type) is not null;
                    switch (descendant)
                    {
                        case IAwaitOperation awaitOperation:
                            if (resumption.MayResumeOnAnotherThread(awaitOperation, singleThreadedContext, _capturedValues))
                            {
                                points.Add(awaitOperation);
                            }

                            break;
                        case IReturnOperation { Kind: OperationKind.YieldReturn } yieldReturn when isAsyncIterator && !singleThreadedContext:
                            points.Add(yieldReturn);
                            break;
                        case IFlowCaptureOperation capture:
                            _capturedValues[capture.Id] = capture.Value;
                            if (!_captureSlots.ContainsKey(capture.Id) && capture.Value.Type is { } capturedType && _affinity.FindHeldAffineValue(capturedType) is not null)
                            {
                                _captureSlots.Add(capture.Id, _slotCount++);
                            }

                            break;
                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } } assignment
                            when IsUntyped(local.Type) && assignment.Value.WalkDownConversions().Type is { } assignedType && _affinity.IsThreadAffine(assignedType):
                            _localsHoldingConvertedHandles.Add(local);
                            break;
                        default:
                            if (TrackedSymbol(descendant) is { } symbol)
                            {
                                _referenceSlots[descendant] = SlotOf(symbol);
                            }
                            else if (descendant is ILocalReferenceOperation untypedLocal && IsUntyped(untypedLocal.Local.Type))
                            {
                                (untypedLocalReferences ??= new List<ILocalReferenceOperation>()).Add(untypedLocal);
                            }

                            touchesAffineValue |= TrackUsesRunBy(descendant);
                            break;
                    }
                }
            }
        }

        // A local of type object (dynamic, an interface) that is given a handle holds the handle.
        foreach (var reference in untypedLocalReferences ?? Enumerable.Empty<ILocalReferenceOperation>())
        {
            if (_localsHoldingConvertedHandles.Contains(reference.Local))
            {
                _referenceSlots[reference] = SlotOf(reference.Local);
                touchesAffineValue = true;
            }
        }

        if (!touchesAffineValue)
        {
            return false;
        }

        foreach (var point in points)
        {
            _resumptionIndexes.Add(point, _resumptions.Count);
            _resumptions.Add(point);
        }

        return _resumptions.Count > 0;
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

    /// <summary>Gives the tracked values a function or call run at <paramref name="operation"/> uses their slots; true when there are any.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool TrackUsesRunBy(IOperation operation)
    {
        List<RunUse>? used = null;
        foreach (var capture in _functionCaptures.CapturesRunBy(operation))
        {
            // Reached through a call: the member is read in the callee, the use is reported at the call.
            var memberReference = capture.Kind == CaptureKind.UsedThroughCall ? capture.UseInMethod : capture.Reference;
            if (memberReference is not null && TrackedSymbol(memberReference) is { } symbol)
            {
                (used ??= new List<RunUse>()).Add(new RunUse(capture, SlotOf(symbol)));
            }
        }

        if (used is null)
        {
            return false;
        }

        _usesRunBy[operation] = used;
        return true;
    }

    [MethodImpl(HotPath.Optimized)]
    private List<StaleAffineUse> Run()
    {
        var entryStates = SlotDataflow.Solve<Staleness>(
            _graph, _slotCount, Staleness.Fresh, (block, state, throwState) => Transfer(block, state, throwState, uses: null), _cancellationToken);

        // The fixed point is reached: one more pass over every reachable block collects the uses.
        var uses = new Dictionary<SyntaxNode, StaleUse>();
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
        foreach (var use in uses.Values)
        {
            staleUses.Add(new StaleAffineUse(
                use.Value.Origin, use.Value.Name ?? NameOf(use.Value.Origin), use.Value.Type, use.Value.Path,
                _resumptions[use.Staleness.FirstAwait], use.Staleness.CrossesSeveralAwaits));
        }

        return staleUses;
    }

    /// <summary>
    /// Runs one block over <paramref name="state"/>. <paramref name="throwState"/> accumulates every state an
    /// exception could leave the block in; <paramref name="uses"/>, when given, collects the stale uses.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private void Transfer(BasicBlock block, Staleness[] state, Staleness[] throwState, Dictionary<SyntaxNode, StaleUse>? uses)
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
    private void Evaluate(IOperation statement, Staleness[] state, Staleness[] throwState, Dictionary<SyntaxNode, StaleUse>? uses)
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

            if (uses is not null && _usesRunBy.TryGetValue(operation, out var runUses))
            {
                foreach (var runUse in runUses)
                {
                    var capture = runUse.Capture;
                    RecordUse(new AffineValue(capture.Reference, state[runUse.Slot], isHandle: true, capture.Type, capture.Name, capture.Path), uses);
                }
            }

            ApplyEffects(operation, state, throwState);
            if (Produce(operation, state) is { } produced)
            {
                _values[operation] = produced;
            }
        }
    }

    /// <summary>Records a stale use of a handle; containers are not used themselves, only the handles taken out of them.</summary>
    [MethodImpl(HotPath.Optimized)]
    private void RecordUse(AffineValue value, Dictionary<SyntaxNode, StaleUse>? uses)
    {
        if (uses is null || !value.IsHandle || !value.Staleness.IsStale)
        {
            return;
        }

        var syntax = value.Origin.Syntax;
        uses[syntax] = uses.TryGetValue(syntax, out var known)
            ? new StaleUse(known.Value, known.Staleness.Join(value.Staleness))
            : new StaleUse(value, value.Staleness);
    }

    /// <summary>What an operation does to the slots once its operands are evaluated.</summary>
    [MethodImpl(HotPath.Optimized)]
    private void ApplyEffects(IOperation operation, Staleness[] state, Staleness[] throwState)
    {
        if (_resumptionIndexes.TryGetValue(operation, out var resumptionIndex))
        {
            var crossed = Staleness.Since(resumptionIndex);
            for (var slot = 0; slot < state.Length; slot++)
            {
                state[slot] = crossed;
            }

            foreach (var value in _liveValues)
            {
                value.Staleness = crossed;
            }

            SlotDataflow.JoinWith(throwState, state);
            return;
        }

        switch (operation)
        {
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

    /// <summary>The affine value (a handle, or a container of handles) an operation evaluates to, if any.</summary>
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
            return operation is ILocalReferenceOperation { Local: var local } && _localsHoldingConvertedHandles.Contains(local)
                ? NewHandle(operation, state[slot])
                : NewValue(operation, state[slot]);
        }

        if (operation.Type is not { } type || _affinity.FindHeldAffineValue(type) is null)
        {
            return null;
        }

        // A handle taken out of a container is as stale as the container.
        return ContainerOf(operation) is { } container && _values.TryGetValue(container, out var held) && !held.IsHandle
            ? NewValue(operation, held.Staleness)
            : NewValue(operation, Staleness.Fresh);
    }

    [MethodImpl(HotPath.Optimized)]
    private AffineValue NewValue(IOperation origin, Staleness staleness) =>
        origin.Type is { } type && _affinity.IsThreadAffine(type) ? NewHandle(origin, staleness) : Track(new AffineValue(origin, staleness, isHandle: false, origin.Type));

    [MethodImpl(HotPath.Optimized)]
    private AffineValue NewHandle(IOperation origin, Staleness staleness) => Track(new AffineValue(origin, staleness, isHandle: true, origin.Type));

    private AffineValue Track(AffineValue value)
    {
        _liveValues.Add(value);
        return value;
    }

    [MethodImpl(HotPath.Optimized)]
    private Staleness StalenessOf(IOperation value) =>
        _values.TryGetValue(value, out var affine) ? affine.Staleness : Staleness.Fresh;

    /// <summary>The container an element read takes its value from: an array, an indexer's or method's receiver, a LINQ source.</summary>
    private static IOperation? ContainerOf(IOperation elementRead) => elementRead switch
    {
        IArrayElementReferenceOperation element => element.ArrayReference,
        IPropertyReferenceOperation property => property.Instance,
        IFieldReferenceOperation field => field.Instance,
        IInvocationOperation { Instance: { } receiver } => receiver,
        IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension => extension.Arguments[0].Value,
        _ => null,
    };

    /// <summary>
    /// False when <paramref name="consumer"/> takes the value of <paramref name="operand"/> without touching it on
    /// the current thread: a copy into a tracked slot or a capture, a conversion, disposal, a null check, a
    /// reference comparison or a type test.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private bool IsUse(IOperation consumer, IOperation operand) => consumer switch
    {
        IConversionOperation or IFlowCaptureOperation or IIsNullOperation or IIsTypeOperation => false,
        ISimpleAssignmentOperation assignment => !_referenceSlots.ContainsKey(assignment.Target),
        IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { IsStatic: true, Name: nameof(ReferenceEquals), ContainingType.SpecialType: SpecialType.System_Object } } } => false,
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
    /// The variable or member a reference reads if it is tracked from function entry: a local or parameter, or a
    /// field or stored property of <c>this</c>, holding an affine value or a container of them. Computed properties
    /// give each read a new value and are not tracked; nor are statics (ENG003's).
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private ISymbol? TrackedSymbol(IOperation operation)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local when Holds(local.Local.Type):
                return local.Local;
            case IParameterReferenceOperation parameter when Holds(parameter.Parameter.Type):
                return parameter.Parameter;
            case IFieldReferenceOperation field when field.HasThisReceiver() && Holds(field.Field.Type):
                return field.Field;
            case IPropertyReferenceOperation { Arguments.Length: 0 } property
                when property.HasThisReceiver()
                    && Holds(property.Property.Type)
                    && property.Property.ReturnsStoredState(_cancellationToken):
                return property.Property;
            default:
                return null;
        }
    }

    private bool Holds(ITypeSymbol type) => _affinity.FindHeldAffineValue(type) is not null;

    // A value of these types may be a handle only the assignment tells.
    private static bool IsUntyped(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_Object || type.TypeKind is TypeKind.Dynamic or TypeKind.Interface;

    private string NameOf(IOperation value) =>
        _referenceSlots.ContainsKey(value) && TrackedSymbol(value) is { } symbol ? symbol.Name
        : value is ILocalReferenceOperation local ? local.Local.Name
        : value.Syntax.ToString();

    /// <summary>A use of a tracked value by a function or call run at an operation: what it uses, and the value's slot.</summary>
    private readonly struct RunUse
    {
        public RunUse(CapturedAffineValue capture, int slot)
        {
            Capture = capture;
            Slot = slot;
        }

        public CapturedAffineValue Capture { get; }

        public int Slot { get; }
    }

    /// <summary>A stale use found so far, and every way the paths reaching it made the value stale.</summary>
    private readonly struct StaleUse
    {
        public StaleUse(AffineValue value, Staleness staleness)
        {
            Value = value;
            Staleness = staleness;
        }

        public AffineValue Value { get; }

        public Staleness Staleness { get; }
    }

    /// <summary>An affine value during the evaluation of one statement; it ages when an await follows.</summary>
    private sealed class AffineValue
    {
        public AffineValue(IOperation origin, Staleness staleness, bool isHandle, ITypeSymbol? type, string? name = null, ImmutableArray<string> path = default)
        {
            Origin = origin;
            Staleness = staleness;
            IsHandle = isHandle;
            Type = type;
            Name = name;
            Path = path.IsDefault ? ImmutableArray<string>.Empty : path;
        }

        public IOperation Origin { get; }

        public Staleness Staleness { get; set; }

        /// <summary>False for a container of handles, whose own uses touch no handle.</summary>
        public bool IsHandle { get; }

        public ITypeSymbol? Type { get; }

        /// <summary>The member a call or function uses, when the value is not read by name here.</summary>
        public string? Name { get; }

        /// <summary>The calls through which the member is used.</summary>
        public ImmutableArray<string> Path { get; }
    }
}
