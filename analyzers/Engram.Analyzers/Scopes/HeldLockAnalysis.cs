using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.AwaitCrossing;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// Finds, on the control-flow graph of one function, the releases of thread-affine locks and scopes that some path
/// reaches from the acquisition through an await that may resume on another thread.
/// </summary>
/// <remarks>
/// <para>
/// A forward "may" dataflow (<see cref="SlotDataflow"/>) with one <see cref="HeldLock"/> per lock slot: a lock object
/// in one mode (<c>_rw</c> read and <c>_rw</c> write are two slots), or the variable or flow capture holding a scope
/// (<c>using var gil = Py.GIL()</c>, <c>using (Py.GIL())</c>). Lock objects are identified by what the code names:
/// a local, a parameter, a field or property chain from <c>this</c> or a static, else the expression's text. An
/// acquisition makes its slot held, an await that may resume elsewhere marks every held slot as crossed, a release
/// reached in a crossed state is reported and makes the slot free. Releases and awaits in <c>finally</c> and
/// <c>catch</c> blocks follow the exceptional edges of <see cref="FlowEdges"/>.
/// </para>
/// <para>
/// Conditional acquisitions (<c>TryEnter</c>, <c>WaitOne(timeout)</c>, <c>lockTaken</c>, <c>createdNew</c>) guard
/// their slot with the bool that says whether they took the lock: on a branch where that bool (the call itself when
/// it is the condition, or the local it is stored in) is false, the slot is free. Assigning the local drops the
/// guard.
/// </para>
/// </remarks>
internal sealed class HeldLockAnalysis
{
    private const int NoGuard = -1;

    private readonly ControlFlowGraph _graph;
    private readonly LockCatalog _catalog;
    private readonly CancellationToken _cancellationToken;

    private readonly Dictionary<string, int> _slotsByKey = new(System.StringComparer.Ordinal);
    private readonly List<LockSlot> _slots = new();
    private readonly Dictionary<IOperation, List<SlotEvent>> _eventsAt = new();
    private readonly Dictionary<CaptureId, IOperation> _capturedValues = new();
    private readonly Dictionary<CaptureId, int> _captureNumbers = new();
    private readonly Dictionary<IAwaitOperation, int> _awaitIndexes = new();
    private readonly List<IAwaitOperation> _awaits = new();
    private readonly List<IOperation> _acquisitions = new();
    private readonly Dictionary<IOperation, int> _acquisitionIndexes = new();
    private readonly Dictionary<ILocalSymbol, int> _guardLocals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, int> _resultGuards = new();
    private readonly Stack<(IOperation Operation, bool ChildrenDone)> _pending = new();
    private (int Guard, bool Negated)?[] _branchGuards = System.Array.Empty<(int, bool)?>();
    private int _guardCount;

    private HeldLockAnalysis(ControlFlowGraph graph, LockCatalog catalog, CancellationToken cancellationToken)
    {
        _graph = graph;
        _catalog = catalog;
        _cancellationToken = cancellationToken;
    }

    [MethodImpl(HotPath.Optimized)]
    public static List<HeldLockRelease> Find(ControlFlowGraph graph, LockCatalog catalog, bool singleThreadedContext, CancellationToken cancellationToken)
    {
        var analysis = new HeldLockAnalysis(graph, catalog, cancellationToken);
        return analysis.Prepare(singleThreadedContext) ? analysis.Run() : new List<HeldLockRelease>();
    }

    /// <summary>Numbers the slots, acquisitions, guards and awaits; false when no lock can be held across an await.</summary>
    [MethodImpl(HotPath.Optimized)]
    private bool Prepare(bool singleThreadedContext)
    {
        var candidateAwaits = new List<IAwaitOperation>();
        var found = new List<(IOperation Operation, LockEvent Event)>();
        var events = new List<LockEvent>();
        foreach (var block in _graph.Blocks)
        {
            foreach (var operation in block.AllOperations())
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    switch (descendant)
                    {
                        case IAwaitOperation awaitOperation:
                            candidateAwaits.Add(awaitOperation);
                            break;
                        case IFlowCaptureOperation capture:
                            _capturedValues[capture.Id] = capture.Value;
                            break;
                        default:
                            events.Clear();
                            _catalog.AddEvents(descendant, events);
                            foreach (var lockEvent in events)
                            {
                                found.Add((descendant, lockEvent));
                            }

                            break;
                    }
                }
            }
        }

        if (!found.Exists(entry => entry.Event.IsAcquisition) || candidateAwaits.Count == 0)
        {
            return false;
        }

        candidateAwaits.Sort((x, y) => x.Syntax.SpanStart.CompareTo(y.Syntax.SpanStart));
        foreach (var awaitOperation in candidateAwaits)
        {
            if (_catalog.Resumption.MayResumeOnAnotherThread(awaitOperation, singleThreadedContext, _capturedValues))
            {
                _awaitIndexes.Add(awaitOperation, _awaits.Count);
                _awaits.Add(awaitOperation);
            }
        }

        if (_awaits.Count == 0)
        {
            return false;
        }

        found.Sort((x, y) => x.Operation.Syntax.SpanStart.CompareTo(y.Operation.Syntax.SpanStart));
        var anyAcquisition = false;
        foreach (var (operation, lockEvent) in found)
        {
            anyAcquisition |= Register(operation, lockEvent);
        }

        _branchGuards = new (int, bool)?[_graph.Blocks.Length];
        foreach (var block in _graph.Blocks)
        {
            if (block.BranchValue is { } condition && block.ConditionKind != ControlFlowConditionKind.None)
            {
                _branchGuards[block.Ordinal] = GuardTestedBy(condition);
            }
        }

        return anyAcquisition;
    }

    /// <summary>Gives the event its slot (and an acquisition its index and guard); true for an acquisition.</summary>
    private bool Register(IOperation operation, LockEvent lockEvent)
    {
        var (key, name) = lockEvent.TargetIsHolder ? HolderOf(lockEvent.Target) : (KeyOf(lockEvent.Target), NameOf(lockEvent.Target));
        if (key is null)
        {
            return false;
        }

        if (lockEvent.Mode is not null)
        {
            key += "#" + lockEvent.Mode;
        }

        if (!_slotsByKey.TryGetValue(key, out var slot))
        {
            slot = _slots.Count;
            _slotsByKey.Add(key, slot);
            _slots.Add(new LockSlot(lockEvent.Kind, name!, lockEvent.Mode, lockEvent.ScopeType));
        }
        else if (lockEvent.IsAcquisition && lockEvent.ScopeType is not null)
        {
            _slots[slot] = new LockSlot(lockEvent.Kind, _slots[slot].Name, lockEvent.Mode, lockEvent.ScopeType);
        }

        var guard = NoGuard;
        if (lockEvent.IsAcquisition)
        {
            if (!_acquisitionIndexes.ContainsKey(operation))
            {
                _acquisitionIndexes.Add(operation, _acquisitions.Count);
                _acquisitions.Add(operation);
            }

            guard = lockEvent.Guard switch
            {
                AcquisitionGuard.Result => ResultGuard(operation),
                AcquisitionGuard.Argument when lockEvent.GuardArgument?.WalkDownConversions() is ILocalReferenceOperation local => GuardOf(local.Local),
                _ => NoGuard,
            };
        }

        if (!_eventsAt.TryGetValue(operation, out var atOperation))
        {
            atOperation = new List<SlotEvent>(1);
            _eventsAt.Add(operation, atOperation);
        }

        atOperation.Add(new SlotEvent(lockEvent.IsAcquisition, slot, guard));
        return lockEvent.IsAcquisition;
    }

    /// <summary>The guard of a bool-returning acquisition: the local its result is stored in, else the call itself (when it is a condition).</summary>
    private int ResultGuard(IOperation acquisition)
    {
        if (acquisition.GetConsumer() is ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment
            && assignment.Value.WalkDownConversions() == acquisition)
        {
            return GuardOf(local.Local);
        }

        if (!_resultGuards.TryGetValue(acquisition, out var guard))
        {
            guard = _guardCount++;
            _resultGuards.Add(acquisition, guard);
        }

        return guard;
    }

    private int GuardOf(ILocalSymbol local)
    {
        if (!_guardLocals.TryGetValue(local, out var guard))
        {
            guard = _guardCount++;
            _guardLocals.Add(local, guard);
        }

        return guard;
    }

    /// <summary>The guard a condition tests (through <c>!</c>), and whether it is negated.</summary>
    private (int Guard, bool Negated)? GuardTestedBy(IOperation condition)
    {
        var negated = false;
        var tested = condition.WalkDownConversions();
        while (tested is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            negated = !negated;
            tested = not.Operand.WalkDownConversions();
        }

        if (tested is ILocalReferenceOperation local && _guardLocals.TryGetValue(local.Local, out var localGuard))
        {
            return (localGuard, negated);
        }

        return _resultGuards.TryGetValue(tested, out var resultGuard) ? (resultGuard, negated) : null;
    }

    [MethodImpl(HotPath.Optimized)]
    private List<HeldLockRelease> Run()
    {
        var entryStates = SlotDataflow.Solve<HeldLock>(
            _graph, _slots.Count, HeldLock.NotHeld, (block, state, throwState) => Transfer(block, state, throwState, releases: null), _cancellationToken, Refine);

        var releases = new Dictionary<(SyntaxNode, int), HeldLockRelease>();
        var blocks = _graph.Blocks;
        for (var ordinal = 0; ordinal < blocks.Length; ordinal++)
        {
            if (entryStates[ordinal] is { } entry)
            {
                Transfer(blocks[ordinal], (HeldLock[])entry.Clone(), (HeldLock[])entry.Clone(), releases);
            }
        }

        return new List<HeldLockRelease>(releases.Values);
    }

    [MethodImpl(HotPath.Optimized)]
    private void Transfer(BasicBlock block, HeldLock[] state, HeldLock[] throwState, Dictionary<(SyntaxNode, int), HeldLockRelease>? releases)
    {
        foreach (var statement in block.AllOperations())
        {
            Evaluate(statement, state, throwState, releases);
            SlotDataflow.JoinWith(throwState, state);
        }
    }

    /// <summary>On the branch where the block's condition makes a guard false, the locks it guards are free.</summary>
    private void Refine(BasicBlock source, bool branchValue, HeldLock[] state)
    {
        if (_branchGuards[source.Ordinal] is not { } tested || branchValue != tested.Negated)
        {
            return;
        }

        var guard = tested.Guard;

        for (var slot = 0; slot < state.Length; slot++)
        {
            if (state[slot].IsHeld && state[slot].Guard == guard)
            {
                state[slot] = HeldLock.NotHeld;
            }
        }
    }

    /// <summary>Applies one statement's effects in execution order: operands before the operation using them.</summary>
    [MethodImpl(HotPath.Optimized)]
    private void Evaluate(IOperation statement, HeldLock[] state, HeldLock[] throwState, Dictionary<(SyntaxNode, int), HeldLockRelease>? releases)
    {
        var pending = _pending;
        pending.Push((statement, false));
        while (pending.Count > 0)
        {
            var (operation, childrenDone) = pending.Pop();
            if (!childrenDone)
            {
                pending.Push((operation, true));
                var children = new List<IOperation>(operation.ChildOperations);
                for (var index = children.Count - 1; index >= 0; index--)
                {
                    pending.Push((children[index], false));
                }

                continue;
            }

            Apply(operation, state, throwState, releases);
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void Apply(IOperation operation, HeldLock[] state, HeldLock[] throwState, Dictionary<(SyntaxNode, int), HeldLockRelease>? releases)
    {
        switch (operation)
        {
            case IAwaitOperation awaitOperation when _awaitIndexes.TryGetValue(awaitOperation, out var awaitIndex):
                for (var slot = 0; slot < state.Length; slot++)
                {
                    state[slot] = state[slot].Crossing(awaitIndex);
                }

                SlotDataflow.JoinWith(throwState, state);
                return;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                when _guardLocals.TryGetValue(target.Local, out var assignedGuard) && !StoresGuardedResult(assignment, assignedGuard):
                DropGuard(assignedGuard, state);
                return;
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument
                when argument.Value.WalkDownConversions() is ILocalReferenceOperation or IDeclarationExpressionOperation
                && GuardLocal(argument.Value) is { } local
                && _guardLocals.TryGetValue(local, out var passedGuard):
                DropGuard(passedGuard, state);
                return;
        }

        if (!_eventsAt.TryGetValue(operation, out var events))
        {
            return;
        }

        foreach (var lockEvent in events)
        {
            var slot = lockEvent.Slot;
            if (lockEvent.IsAcquisition)
            {
                state[slot] = state[slot].Join(HeldLock.AcquiredAt(_acquisitionIndexes[operation], lockEvent.Guard));
                continue;
            }

            if (releases is not null && state[slot].IsHeld && state[slot].HasCrossedAwait)
            {
                var acquisition = _acquisitions[state[slot].Acquisition];
                var reportedAt = operation.IsImplicit ? acquisition.Syntax : operation.Syntax;
                if (!releases.ContainsKey((reportedAt, slot)))
                {
                    releases.Add((reportedAt, slot), new HeldLockRelease(reportedAt, _slots[slot], acquisition, _awaits[state[slot].CrossedAwait]));
                }
            }

            state[slot] = HeldLock.NotHeld;
        }
    }

    private bool StoresGuardedResult(ISimpleAssignmentOperation assignment, int guard) =>
        _eventsAt.TryGetValue(assignment.Value.WalkDownConversions(), out var events) && events.Exists(lockEvent => lockEvent.Guard == guard);

    private static ILocalSymbol? GuardLocal(IOperation value) => value.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
        _ => null,
    };

    private static void DropGuard(int guard, HeldLock[] state)
    {
        for (var slot = 0; slot < state.Length; slot++)
        {
            if (state[slot].IsHeld && state[slot].Guard == guard)
            {
                state[slot] = state[slot].Unguarded();
            }
        }
    }

    /// <summary>The slot key and name of the variable or flow capture a newly created lock or scope is stored in; no key when it is not stored.</summary>
    private (string? Key, string? Name) HolderOf(IOperation creation) => creation.GetConsumer() switch
    {
        ISimpleAssignmentOperation assignment when assignment.Value.WalkDownConversions() == creation => (KeyOf(assignment.Target), NameOf(assignment.Target)),
        IFlowCaptureOperation capture => (CaptureKey(capture.Id), creation.Syntax.ToString()),
        _ => (null, null),
    };

    /// <summary>What identifies a lock object or a holder variable within the function.</summary>
    private string? KeyOf(IOperation operation)
    {
        switch (operation.WalkDownConversions())
        {
            case ILocalReferenceOperation local:
                var declarations = local.Local.DeclaringSyntaxReferences;
                return "local " + local.Local.Name + "@" + (declarations.Length > 0 ? declarations[0].Span.Start : -1);
            case IParameterReferenceOperation parameter:
                return "parameter " + parameter.Parameter.Name;
            case IInstanceReferenceOperation:
                return "this";
            case IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol { Parameters.Length: 0 } } member:
                if (member.Instance is null)
                {
                    return "static " + member.Member.ToDisplayString();
                }

                return KeyOf(member.Instance) is { } instanceKey ? instanceKey + "." + member.Member.Name : null;
            case IFlowCaptureReferenceOperation reference:
                return _capturedValues.TryGetValue(reference.Id, out var captured) && IsReference(captured.WalkDownConversions())
                    ? KeyOf(captured)
                    : CaptureKey(reference.Id);
            case IDeclarationExpressionOperation declaration:
                return KeyOf(declaration.Expression);
            case var other:
                return "text " + other.Syntax.ToString();
        }
    }

    private string NameOf(IOperation operation)
    {
        var value = operation.WalkDownConversions();
        if (value is IFlowCaptureReferenceOperation reference && _capturedValues.TryGetValue(reference.Id, out var captured))
        {
            value = captured.WalkDownConversions();
        }

        // A declared local's reference may span its whole declarator (using var gil = Py.GIL()): name the local.
        return value is ILocalReferenceOperation local ? local.Local.Name : value.Syntax.ToString();
    }

    private static bool IsReference(IOperation operation) =>
        operation is ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation or IFieldReferenceOperation
            or IPropertyReferenceOperation { Arguments.Length: 0 } or IFlowCaptureReferenceOperation;

    private string CaptureKey(CaptureId id)
    {
        if (!_captureNumbers.TryGetValue(id, out var number))
        {
            number = _captureNumbers.Count;
            _captureNumbers.Add(id, number);
        }

        return "capture " + number;
    }

    /// <summary>An acquisition or release of one slot at an operation.</summary>
    private readonly struct SlotEvent
    {
        public SlotEvent(bool isAcquisition, int slot, int guard)
        {
            IsAcquisition = isAcquisition;
            Slot = slot;
            Guard = guard;
        }

        public bool IsAcquisition { get; }

        public int Slot { get; }

        public int Guard { get; }
    }
}
