using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.CodeFixes.Extensions;
using Engram.Analyzers.CodeFixes.Rewriting;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Conversion;

/// <summary>
/// Works out the <see cref="ConversionComponent"/> a seed belongs to: starting from it, every holder whose value
/// flows into a holder joins (a local initialized from a field, the arguments of a converted parameter, the
/// container's registrations for an injected one), and so does every place the container injects a service that
/// moves to the context. Each component is computed once per session, whichever seed reaches it first.
/// </summary>
internal sealed class ContextConversionPlanner
{
    private readonly FixSession _session;
    private readonly Dictionary<object, ConversionComponent> _componentByMember = new();

    public ContextConversionPlanner(FixSession session) => _session = session;

    public async Task<ConversionComponent> PlanAsync(ConversionSeed seed)
    {
        if (await KeyOfAsync(seed).ConfigureAwait(false) is { } key && _componentByMember.TryGetValue(key, out var known))
        {
            return known;
        }

        var builder = new ComponentBuilder(_session);
        await builder.BuildAsync(seed).ConfigureAwait(false);
        var component = builder.Component;
        foreach (var member in builder.Members)
        {
            _componentByMember[member] = component;
        }

        return component;
    }

    /// <summary>The leftmost <c>.Member</c> or <c>[index]</c> binding of a conditional access, where <c>.Db</c> goes.</summary>
    internal static ExpressionSyntax? FirstBinding(ConditionalAccessExpressionSyntax access) =>
        access.WhenNotNull.DescendantNodesAndSelf(node => node is not ConditionalAccessExpressionSyntax)
            .OfType<ExpressionSyntax>()
            .Where(node => node is MemberBindingExpressionSyntax or ElementBindingExpressionSyntax)
            .OrderBy(node => node.SpanStart)
            .FirstOrDefault();

    private async Task<object?> KeyOfAsync(ConversionSeed seed) => seed.Kind switch
    {
        ConversionSeedKind.Holder when seed.Symbol!.DeclaringSyntaxReferences.FirstOrDefault() is { } declaration =>
            new NodeKey(await declaration.GetSyntaxAsync(_session.CancellationToken).ConfigureAwait(false)),
        ConversionSeedKind.AffineType => seed.Symbol!.OriginalDefinition,
        ConversionSeedKind.Service => seed.Project.Id,
        _ => null,
    };

    /// <summary>Builds one component: a work list of holders, types and services, each processed once.</summary>
    private sealed class ComponentBuilder
    {
        private readonly FixSession _session;
        private readonly Queue<Func<Task>> _pending = new();

        public ComponentBuilder(FixSession session) => _session = session;

        public ConversionComponent Component { get; } = new();

        /// <summary>Everything the component was built from: holder declarations, types and service projects.</summary>
        public List<object> Members { get; } = new();

        public async Task BuildAsync(ConversionSeed seed)
        {
            switch (seed.Kind)
            {
                case ConversionSeedKind.Holder:
                    await AddHolderAsync(seed.Symbol!).ConfigureAwait(false);
                    break;
                case ConversionSeedKind.AffineType:
                    await AddTypeAsync((INamedTypeSymbol)seed.Symbol!, seed.Project).ConfigureAwait(false);
                    break;
                case ConversionSeedKind.Service:
                    await AddServiceAsync(seed.Project).ConfigureAwait(false);
                    break;
            }

            while (Component.Succeeded && _pending.Count > 0)
            {
                _session.CancellationToken.ThrowIfCancellationRequested();
                await _pending.Dequeue()().ConfigureAwait(false);
            }

            if (Component.Succeeded)
            {
                await HolderNames.AssignAsync(Component, _session).ConfigureAwait(false);
            }
        }

        private void Fail(string reason) => Component.Failure ??= reason;

        private async Task AddHolderAsync(ISymbol symbol)
        {
            symbol = symbol is IFieldSymbol or IPropertySymbol ? symbol.OriginalDefinition : symbol;
            if (symbol.DeclaringSyntaxReferences.Length != 1)
            {
                Fail($"'{symbol.Name}' is not declared in exactly one place in source");
                return;
            }

            var reference = symbol.DeclaringSyntaxReferences[0];
            var declaration = await reference.GetSyntaxAsync(_session.CancellationToken).ConfigureAwait(false);
            var key = new NodeKey(declaration);
            if (Component.Holders.ContainsKey(key))
            {
                return;
            }

            if (await _session.DocumentAsync(reference.SyntaxTree).ConfigureAwait(false) is not { } document)
            {
                Fail($"'{symbol.Name}' is declared outside the solution or in a project without the Engram runtime");
                return;
            }

            HolderKind? kind = symbol switch
            {
                ILocalSymbol => HolderKind.Local,
                IParameterSymbol => HolderKind.Parameter,
                IFieldSymbol => HolderKind.Field,
                IPropertySymbol => HolderKind.Property,
                _ => null,
            };
            if (kind is null)
            {
                Fail($"'{symbol.Name}' is not a variable a context can replace");
                return;
            }

            var holder = new Holder(symbol, kind.Value, document, declaration);
            Component.Holders.Add(key, holder);
            Members.Add(key);
            _pending.Enqueue(() => ProcessHolderAsync(holder));
        }

        private async Task AddTypeAsync(INamedTypeSymbol type, Project project)
        {
            var definition = type.OriginalDefinition;
            if (!Component.Types.Add(definition))
            {
                return;
            }

            Members.Add(definition);
            if (await _session.ProjectAsync(project).ConfigureAwait(false) is not { Affinity: { } affinity } context)
            {
                Fail($"'{type.Name}' is in a project without the Engram runtime");
                return;
            }

            _pending.Enqueue(() => ProcessTypeAsync(definition, context, affinity));
        }

        private async Task AddServiceAsync(Project project)
        {
            if (!Component.Services.Add(project.Id))
            {
                return;
            }

            Members.Add(project.Id);
            if (await _session.ProjectAsync(project).ConfigureAwait(false) is not { } context)
            {
                Fail($"project '{project.Name}' does not reference the Engram runtime");
                return;
            }

            _pending.Enqueue(() => ProcessServiceAsync(context));
        }

        /// <summary>Every instance member of the type (and of its source base types) that keeps an affine value: each must convert.</summary>
        private async Task ProcessTypeAsync(INamedTypeSymbol type, ProjectContext project, ThreadAffinityContext affinity)
        {
            for (var current = type; current is not null && IsInSource(current, project); current = current.BaseType?.OriginalDefinition)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IFieldSymbol { IsStatic: false, IsConst: false } field
                        && !(field.IsImplicitlyDeclared && field.AssociatedSymbol is null)
                        && field.Type.TypeKind != TypeKind.Error)
                    {
                        await AddHeldAsync(field.AssociatedSymbol ?? field, field.Type, project, affinity).ConfigureAwait(false);
                    }
                }

                foreach (var constructor in current.InstanceConstructors)
                {
                    foreach (var parameter in constructor.Parameters)
                    {
                        if (parameter.GetPrimaryConstructorDeclaration() is { } declaration
                            && parameter.Type.TypeKind != TypeKind.Error
                            && InstanceStateInference.IsCapturedByMembers(declaration, parameter.Name))
                        {
                            await AddHeldAsync(parameter, parameter.Type, project, affinity).ConfigureAwait(false);
                        }
                    }
                }
            }
        }

        private async Task AddHeldAsync(ISymbol member, ITypeSymbol type, ProjectContext project, ThreadAffinityContext affinity)
        {
            if (affinity.FindHeldAffineValue(type) is not { } held)
            {
                return;
            }

            if (held.Kind != AffineHolderKind.Direct)
            {
                Fail($"'{member.Name}' keeps handles in a collection or Lazy<T>: keep a ThreadSafeAgentContext (or PerThread<T>) instead, by hand");
            }
            else if (project.Runtime.IsDatabase(type))
            {
                await AddHolderAsync(member).ConfigureAwait(false);
            }
            else if (affinity.GetAffinity(type) is { IsInferred: true } && type is INamedTypeSymbol holderType)
            {
                await AddTypeAsync(holderType, project.Project).ConfigureAwait(false);
            }
            else
            {
                Fail($"'{member.Name}' holds '{type.ToDisplayString()}', which has no thread-safe context to hold instead");
            }
        }

        private async Task ProcessServiceAsync(ProjectContext project)
        {
            var service = await project.ServiceAsync().ConfigureAwait(false);
            if (service.Obstacle is { } obstacle)
            {
                Fail(obstacle);
                return;
            }

            if (service.Registrations.Count == 0)
            {
                Fail($"project '{project.Project.Name}' does not register the Database service itself");
                return;
            }

            var canAddEngramDb = project.Compilation.GetBestTypeByMetadataName(MetadataNames.EngramServiceCollectionExtensions) is not null;
            foreach (var registration in service.Registrations)
            {
                if (registration.StorePath is not null && canAddEngramDb && registration.Call.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax })
                {
                    Component.Registrations.Add(registration);
                }
                else if (registration.Instance is { } instance)
                {
                    Component.Registrations.Add(registration);
                    await AddSourceAsync(instance, registration.Document).ConfigureAwait(false);
                }
                else
                {
                    Fail($"'{registration.Call.Syntax}' makes the Database in a way that has no thread-safe counterpart");
                    return;
                }
            }

            foreach (var parameter in service.HandlerParameters)
            {
                await AddHolderAsync(parameter).ConfigureAwait(false);
            }

            Component.Requests.AddRange(service.Requests);
            foreach (var parameter in await InjectedConstructorParametersAsync(project, service).ConfigureAwait(false))
            {
                await AddHolderAsync(parameter).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// <c>Database</c> parameters of constructors the container calls: of registered implementation types and
        /// controllers, and of types nothing in the solution constructs (so something like the container does).
        /// </summary>
        private async Task<List<IParameterSymbol>> InjectedConstructorParametersAsync(ProjectContext project, DatabaseService service)
        {
            var parameters = new List<IParameterSymbol>();
            foreach (var type in SourceTypes(project.Compilation.Assembly.GlobalNamespace))
            {
                foreach (var constructor in type.InstanceConstructors)
                {
                    var injected = constructor.Parameters.Where(parameter => project.Runtime.IsDatabase(parameter.Type)).ToList();
                    if (injected.Count > 0
                        && !constructor.IsImplicitlyDeclared
                        && (service.IsActivated(type, project.Compilation) || !await IsCalledAsync(constructor).ConfigureAwait(false)))
                    {
                        parameters.AddRange(injected);
                    }
                }
            }

            return parameters;
        }

        private async Task<bool> IsCalledAsync(IMethodSymbol method)
        {
            var references = await SymbolFinder.FindReferencesAsync(method, _session.Solution, _session.CancellationToken).ConfigureAwait(false);
            return references.Any(referenced => referenced.Locations.Any(location => !location.IsImplicit));
        }

        private async Task ProcessHolderAsync(Holder holder)
        {
            if (!await CollectDeclaredSourcesAsync(holder).ConfigureAwait(false) || !Component.Succeeded)
            {
                return;
            }

            var member = holder.Symbol is IParameterSymbol { ContainingSymbol: var method } ? method : holder.Symbol;
            if (holder.Kind != HolderKind.Local && member.IsPublicApiOf(holder.Document.Project.Compilation))
            {
                Component.PublicMember ??= member;
            }

            foreach (var site in await holder.Symbol.FindReferenceSitesAsync(_session.Solution, _session.CancellationToken).ConfigureAwait(false))
            {
                if (await _session.DocumentAsync(site.Syntax.SyntaxTree).ConfigureAwait(false) is not { } document)
                {
                    Fail($"'{holder.Name}' is used in a project without the Engram runtime");
                    return;
                }

                await ClassifyUseAsync(holder, document, site.Syntax, site.Operation).ConfigureAwait(false);
                if (!Component.Succeeded)
                {
                    return;
                }
            }
        }

        /// <summary>The holder's declaration, and the values given to it where it is declared (or, for a parameter, by its callers).</summary>
        private async Task<bool> CollectDeclaredSourcesAsync(Holder holder)
        {
            var model = holder.Document.Model;
            var cancellationToken = _session.CancellationToken;
            switch (holder.Symbol, holder.Declaration)
            {
                case (ILocalSymbol { IsRef: false, IsConst: false }, VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax } } declarator):
                    return await AddInitializerAsync(holder, declarator.Initializer?.Value).ConfigureAwait(false);

                case (IFieldSymbol { IsStatic: false, IsConst: false }, VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax } } declarator):
                    return await AddInitializerAsync(holder, declarator.Initializer?.Value).ConfigureAwait(false);

                case (IPropertySymbol { IsStatic: false, IsAbstract: false, IsVirtual: false, IsOverride: false, ExplicitInterfaceImplementations.Length: 0 } property, PropertyDeclarationSyntax declaration)
                    when HandleInitializer.IsAutoProperty(declaration) && !ImplementsInterfaceMember(property):
                    return await AddInitializerAsync(holder, declaration.Initializer?.Value).ConfigureAwait(false);

                case (IParameterSymbol parameter, ParameterSyntax { Type: not null }):
                    return await CollectArgumentsAsync(holder, parameter).ConfigureAwait(false);

                default:
                    Fail($"'{holder.Name}' is declared in a way the fix does not rewrite ({holder.Declaration.Kind()})");
                    return false;
            }

            async Task<bool> AddInitializerAsync(Holder target, ExpressionSyntax? initializer)
            {
                if (initializer is not null && model.GetOperation(initializer, cancellationToken) is { } value)
                {
                    target.Sources.Add(value);
                    return await AddSourceAsync(value, target.Document).ConfigureAwait(false);
                }

                return true;
            }
        }

        /// <summary>
        /// What a parameter receives: the container's service for a minimal-API handler and a constructor the container
        /// calls, and the argument of every call in the solution. A method used otherwise than called (a delegate)
        /// cannot change its parameter type.
        /// </summary>
        private async Task<bool> CollectArgumentsAsync(Holder holder, IParameterSymbol parameter)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams || parameter.IsThis || parameter.HasExplicitDefaultValue
                || parameter.ContainingSymbol is not IMethodSymbol method)
            {
                Fail($"'{parameter.Name}' is a ref, params, this or optional parameter");
                return false;
            }

            var project = holder.Document.Project;
            var service = await project.ServiceAsync().ConfigureAwait(false);
            var isHandler = service.HandlerParameters.Contains(parameter, SymbolEqualityComparer.Default);
            if (method.MethodKind == MethodKind.AnonymousFunction)
            {
                if (!isHandler)
                {
                    Fail($"'{parameter.Name}' is a parameter of a lambda whose callers are out of sight");
                    return false;
                }

                await AddServiceAsync(project.Project).ConfigureAwait(false);
                return true;
            }

            if (method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern || method.DeclaringSyntaxReferences.Length != 1
                || !method.ExplicitInterfaceImplementations.IsEmpty || ImplementsInterfaceMember(method))
            {
                Fail($"'{method.Name}' is virtual, abstract, an override or implements an interface: its signature is not its own to change");
                return false;
            }

            var injected = isHandler;
            if (method.MethodKind == MethodKind.Constructor && method.ContainingType is { } type)
            {
                injected |= service.IsActivated(type, project.Compilation);
            }

            var calls = 0;
            var references = await SymbolFinder.FindReferencesAsync(method, _session.Solution, _session.CancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(referenced => referenced.Locations))
            {
                if (location.IsImplicit || await _session.DocumentAsync(location.Location.SourceTree!).ConfigureAwait(false) is not { } document)
                {
                    continue;
                }

                var name = document.Root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (FindCall(name, method, document) is not { } call)
                {
                    if (isHandler && IsHandedToEndpoint(name))
                    {
                        continue;
                    }

                    Fail($"'{method.Name}' is used as a delegate at '{name.Parent}': its parameter type cannot change");
                    return false;
                }

                var argument = call.FirstOrDefault(candidate => candidate.Parameter?.Ordinal == parameter.Ordinal);
                if (argument is null || argument.ArgumentKind != ArgumentKind.Explicit)
                {
                    Fail($"a call of '{method.Name}' does not pass '{parameter.Name}' explicitly");
                    return false;
                }

                calls++;
                holder.Sources.Add(argument.Value);
                if (!await AddSourceAsync(argument.Value, document).ConfigureAwait(false))
                {
                    return false;
                }
            }

            if (injected || (calls == 0 && method.MethodKind == MethodKind.Constructor))
            {
                await AddServiceAsync(project.Project).ConfigureAwait(false);
            }

            return true;
        }

        private static IEnumerable<IArgumentOperation>? FindCall(SyntaxNode name, IMethodSymbol method, DocumentContext document)
        {
            for (var node = name; node is not null && node is not StatementSyntax and not MemberDeclarationSyntax; node = node.Parent)
            {
                if (node is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax))
                {
                    continue;
                }

                var (target, arguments) = document.Model.GetOperation(node) switch
                {
                    IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
                    IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
                    _ => (null, default),
                };
                if (target is not null && SameMethod(target, method))
                {
                    return arguments;
                }

                return null;
            }

            return null;
        }

        private static bool SameMethod(IMethodSymbol found, IMethodSymbol method) =>
            found.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault() is { } left
            && method.DeclaringSyntaxReferences.FirstOrDefault() is { } right
            && left.SyntaxTree == right.SyntaxTree && left.Span == right.Span;

        private static bool IsHandedToEndpoint(SyntaxNode name) =>
            name.FirstAncestorOrSelf<ArgumentSyntax>() is { Parent.Parent: InvocationExpressionSyntax };

        /// <summary>Classifies one place that names the holder: what the rewrite does there.</summary>
        private async Task ClassifyUseAsync(Holder holder, DocumentContext document, SyntaxNode node, IOperation? operation)
        {
            if (operation is null || operation.Syntax != node && operation.Syntax.Parent != node || IsInNameOf(operation))
            {
                holder.Renames.Add((document, node));
                holder.IsNamedInText = true;
                return;
            }

            if (operation.IsWrittenTo())
            {
                switch (operation.Parent)
                {
                    case ISimpleAssignmentOperation assignment when assignment.Target == operation:
                    case ICoalesceAssignmentOperation coalescing when coalescing.Target == operation:
                        var value = ((IAssignmentOperation)operation.Parent).Value;
                        holder.Renames.Add((document, node));
                        holder.Assignments++;
                        holder.Sources.Add(value);
                        await AddSourceAsync(value, document).ConfigureAwait(false);
                        return;
                    default:
                        Fail($"'{holder.Name}' is changed by '{operation.Parent?.Syntax}'");
                        return;
                }
            }

            var consumer = operation.GetConsumer();
            if (operation.IsDisposedHere()
                || consumer is IConditionalAccessOperation { WhenNotNull: IInvocationOperation conditionalCall } && conditionalCall.IsDisposeCall())
            {
                if (DisposalStatement(operation) is { } statement)
                {
                    holder.Disposals.Add((document, statement));
                }
                else
                {
                    Fail($"'{holder.Name}' is disposed by '{consumer?.Syntax}'; the context owns its handles");
                }

                return;
            }

            if (consumer is IMethodReferenceOperation)
            {
                Fail($"'{holder.Name}' is the receiver of the method group '{consumer.Syntax}', evaluated where the delegate is made");
                return;
            }

            if (IsNullCheck(operation, consumer))
            {
                holder.Reads.Add(new HolderRead(document, node, ReadKind.NullCheck));
                return;
            }

            if (consumer is IConditionalAccessOperation access && access.Operation.WalkDownConversions() == operation)
            {
                if (access.Syntax is ConditionalAccessExpressionSyntax syntax && FirstBinding(syntax) is MemberBindingExpressionSyntax)
                {
                    holder.Reads.Add(new HolderRead(document, syntax, ReadKind.ConditionalAccess));
                }
                else
                {
                    Fail($"'{holder.Name}' is indexed in '{access.Syntax}'");
                }

                return;
            }

            if (consumer is ICoalesceOperation coalesce && coalesce.Value.WalkDownConversions() == operation && !IsSource(operation))
            {
                Fail($"'{holder.Name}' is tested with ?? in '{coalesce.Syntax}'");
                return;
            }

            if (operation.IsAwaitedBetweenReadAndUse())
            {
                Fail($"'{holder.Name}' is read before an await in '{operation.GetConsumer()?.Syntax}' and used after it: split the statement by hand");
                return;
            }

            if (StoredInto(operation, document.Project.Runtime) is { } target)
            {
                // `_db = db` in a constructor: the field keeps what the parameter gives, so it holds the context too
                // (and the read stays a read of the context), whichever conversion reaches the pair first.
                await AddHolderAsync(target).ConfigureAwait(false);
            }

            holder.Reads.Add(new HolderRead(document, node, ReadKind.Handle));
        }

        /// <summary>The instance field or auto-property a read is stored into whole (<c>_db = db</c>, <c>Db = db</c>), if it holds a <c>Database</c>.</summary>
        private static ISymbol? StoredInto(IOperation read, EngramRuntimeSymbols runtime)
        {
            var value = read;
            while (value.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                value = value.Parent;
            }

            return value.Parent is ISimpleAssignmentOperation assignment && assignment.Value == value
                ? assignment.Target switch
                {
                    IFieldReferenceOperation { Field: { IsStatic: false } field, Instance: IInstanceReferenceOperation } when runtime.IsDatabase(field.Type) => field,
                    IPropertyReferenceOperation { Property: { IsStatic: false, Parameters.Length: 0 } property, Instance: IInstanceReferenceOperation }
                        when runtime.IsDatabase(property.Type) => property,
                    _ => null,
                }
                : null;
        }

        private bool IsSource(IOperation operation) => Component.Sources.ContainsKey(new NodeKey(operation.Syntax));

        /// <summary>
        /// Records how a value flowing into a holder becomes a context: a creation on a path, another context's handle,
        /// a service lookup or another holder (which joins). Anything else has no thread-safe counterpart.
        /// </summary>
        private async Task<bool> AddSourceAsync(IOperation value, DocumentContext document)
        {
            var runtime = document.Project.Runtime;
            for (var current = value; current is IConversionOperation or IParenthesizedOperation; current = current.ChildOperations.First())
            {
                if (current is IConversionOperation { IsImplicit: false })
                {
                    Fail($"'{current.Syntax}' casts to Database");
                    return false;
                }
            }

            var source = value.WalkDownConversions();
            switch (source)
            {
                case { ConstantValue: { HasValue: true, Value: null } }:
                    return true;
                case var created when runtime.IsFileBased(created):
                    Record(SourceKind.OpenedStore);
                    return true;
                case var handle when runtime.IsContextDb(handle) && handle.Syntax is MemberAccessExpressionSyntax:
                    Record(SourceKind.ContextHandle);
                    return true;
                case IInvocationOperation request when DatabaseService.IsDatabaseRequest(request, document.Project):
                    Record(SourceKind.ServiceRequest);
                    await AddServiceAsync(document.Document.Project).ConfigureAwait(false);
                    return true;
                case ILocalReferenceOperation { Local: var local } when runtime.IsDatabase(local.Type):
                    Record(SourceKind.Holder);
                    await AddHolderAsync(local).ConfigureAwait(false);
                    return true;
                case IParameterReferenceOperation { Parameter: var parameter } when runtime.IsDatabase(parameter.Type):
                    Record(SourceKind.Holder);
                    await AddHolderAsync(parameter).ConfigureAwait(false);
                    return true;
                case IFieldReferenceOperation { Field: { IsStatic: false } field } when runtime.IsDatabase(field.Type):
                    Record(SourceKind.Holder);
                    await AddHolderAsync(field).ConfigureAwait(false);
                    return true;
                case IPropertyReferenceOperation { Property: { IsStatic: false, Parameters.Length: 0 } property } when runtime.IsDatabase(property.Type):
                    Record(SourceKind.Holder);
                    await AddHolderAsync(property).ConfigureAwait(false);
                    return true;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    return await AddSourceAsync(conditional.WhenTrue, document).ConfigureAwait(false)
                        && await AddSourceAsync(whenFalse, document).ConfigureAwait(false);
                case ICoalesceOperation coalesce:
                    return await AddSourceAsync(coalesce.Value, document).ConfigureAwait(false)
                        && await AddSourceAsync(coalesce.WhenNull, document).ConfigureAwait(false);
                default:
                    Fail($"'{source.Syntax}' gives a Database with no thread-safe counterpart (only Database.FileBased(path), a context's Db and the container's service have one)");
                    return false;
            }

            void Record(SourceKind kind) => Component.Sources[new NodeKey(source.Syntax)] = new SourceConversion(document, source.Syntax, kind);
        }

        /// <summary>The statement that only disposes the holder, when it stands in a block (removing it leaves valid code).</summary>
        private static StatementSyntax? DisposalStatement(IOperation reference) => reference.GetConsumer() switch
        {
            IInvocationOperation { Parent: IExpressionStatementOperation { Syntax: StatementSyntax statement } } call when call.IsDisposeCall() && IsInBlock(statement) => statement,
            IConditionalAccessOperation { WhenNotNull: IInvocationOperation call, Parent: IExpressionStatementOperation { Syntax: StatementSyntax statement } }
                when call.IsDisposeCall() && IsInBlock(statement) => statement,
            _ => null,
        };

        private static bool IsInBlock(StatementSyntax statement) => statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

        private static bool IsNullCheck(IOperation reference, IOperation? consumer) => consumer switch
        {
            IIsPatternOperation { Pattern: var pattern } => IsNullPattern(pattern),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison =>
                (comparison.LeftOperand.WalkDownConversions() == reference ? comparison.RightOperand : comparison.LeftOperand)
                    .WalkDownConversions().ConstantValue is { HasValue: true, Value: null },
            _ => false,
        };

        private static bool IsNullPattern(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation { Value: var value } => value.WalkDownConversions().ConstantValue is { HasValue: true, Value: null },
            INegatedPatternOperation { Pattern: var negated } => IsNullPattern(negated),
            _ => false,
        };

        private static bool IsInNameOf(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is INameOfOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInSource(INamedTypeSymbol type, ProjectContext project) =>
            type.TypeKind is TypeKind.Class or TypeKind.Struct
            && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, project.Compilation.Assembly);

        private static bool ImplementsInterfaceMember(ISymbol member)
        {
            foreach (var implemented in member.ContainingType.AllInterfaces)
            {
                foreach (var interfaceMember in implemented.GetMembers(member.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(member.ContainingType.FindImplementationForInterfaceMember(interfaceMember), member))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol @namespace)
        {
            foreach (var member in @namespace.GetMembers())
            {
                switch (member)
                {
                    case INamespaceSymbol nested:
                        foreach (var type in SourceTypes(nested))
                        {
                            yield return type;
                        }

                        break;
                    case INamedTypeSymbol type:
                        foreach (var nestedType in TypeAndNested(type))
                        {
                            yield return nestedType;
                        }

                        break;
                }
            }
        }

        private static IEnumerable<INamedTypeSymbol> TypeAndNested(INamedTypeSymbol type)
        {
            yield return type;
            foreach (var nested in type.GetTypeMembers())
            {
                foreach (var inner in TypeAndNested(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
