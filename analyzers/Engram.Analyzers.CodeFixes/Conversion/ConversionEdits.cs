using System.Linq;
using Engram.Analyzers.CodeFixes.Rewriting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Engram.Analyzers.CodeFixes.Conversion;

/// <summary>Turns a <see cref="ConversionComponent"/> into node edits.</summary>
internal static class ConversionEdits
{
    private const string DbName = "Db";
    private const string AddEngramDbName = "AddEngramDb";

    public static void AddTo(SolutionEdits edits, ConversionComponent component)
    {
        foreach (var holder in component.Holders.Values)
        {
            AddDeclaration(edits, holder);
            foreach (var read in holder.Reads)
            {
                var flows = component.Sources.ContainsKey(new NodeKey(read.Node));
                switch (read.Kind)
                {
                    case ReadKind.Handle when !flows:
                        edits.Replace(read.Document, read.Node, (current, _) => WithDb(Renamed(current, holder)));
                        break;
                    case ReadKind.ConditionalAccess:
                        edits.Replace(read.Document, read.Node, (current, _) => ConditionalAccessOfDb((ConditionalAccessExpressionSyntax)current, holder));
                        break;
                    default:
                        edits.Replace(read.Document, read.Node, (current, _) => Renamed(current, holder));
                        break;
                }
            }

            foreach (var (document, node) in holder.Renames)
            {
                edits.Replace(document, node, (current, _) => Renamed(current, holder));
            }

            foreach (var (document, statement) in holder.Disposals)
            {
                edits.Remove(document, statement.Parent is GlobalStatementSyntax global ? global : statement);
            }
        }

        foreach (var source in component.Sources.Values)
        {
            var runtime = source.Document.Project.Runtime;
            switch (source.Kind)
            {
                case SourceKind.OpenedStore:
                    edits.Replace(source.Document, source.Node, (current, generator) => GetThreadSafeContext((InvocationExpressionSyntax)current, runtime, generator));
                    break;
                case SourceKind.ContextHandle:
                    edits.Replace(source.Document, source.Node, (current, _) => ((MemberAccessExpressionSyntax)current).Expression.WithTriviaFrom(current));
                    break;
                case SourceKind.ServiceRequest:
                    edits.Replace(source.Document, source.Node, (current, generator) => RequestingContext((InvocationExpressionSyntax)current, runtime, generator));
                    break;
            }
        }

        foreach (var request in component.Requests)
        {
            var runtime = request.Document.Project.Runtime;
            if (!component.Sources.ContainsKey(new NodeKey(request.Call.Syntax)))
            {
                edits.Replace(request.Document, request.Call.Syntax, (current, generator) => WithDb(RequestingContext((InvocationExpressionSyntax)current, runtime, generator)));
            }
        }

        foreach (var registration in component.Registrations)
        {
            if (registration.StorePath is { } path)
            {
                edits.Replace(registration.Document, registration.Call.Syntax, (current, _) => AddEngramDb((InvocationExpressionSyntax)current, path));
            }
            else if (registration.Call.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax generic } })
            {
                // AddSingleton<Database>(instance): the context instance gives the service type itself.
                edits.Replace(registration.Document, generic, (current, _) => SyntaxFactory.IdentifierName(((GenericNameSyntax)current).Identifier));
            }
        }
    }

    private static void AddDeclaration(SolutionEdits edits, Holder holder)
    {
        var document = holder.Document;
        var runtime = document.Project.Runtime;
        switch (holder.Declaration)
        {
            case VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax statement } when holder.Alias is not null:
                edits.Remove(document, statement.Parent is GlobalStatementSyntax global ? global : statement);
                break;
            case VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax statement }:
                edits.Replace(document, statement, (current, generator) => LocalHoldingContext((LocalDeclarationStatementSyntax)current, holder, runtime, generator));
                break;
            case VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field }:
                edits.Replace(document, field, (current, generator) =>
                {
                    var declaration = ((FieldDeclarationSyntax)current).Declaration;
                    return ((FieldDeclarationSyntax)current).WithDeclaration(declaration
                        .WithType(ContextType(declaration.Type, runtime, generator))
                        .WithVariables(SyntaxFactory.SingletonSeparatedList(RenamedDeclarator(declaration.Variables[0], holder))));
                });
                break;
            case PropertyDeclarationSyntax:
                edits.Replace(document, holder.Declaration, (current, generator) =>
                {
                    var property = (PropertyDeclarationSyntax)current;
                    return property.WithType(ContextType(property.Type, runtime, generator)).WithIdentifier(RenamedToken(property.Identifier, holder));
                });
                break;
            case ParameterSyntax:
                edits.Replace(document, holder.Declaration, (current, generator) =>
                {
                    var parameter = (ParameterSyntax)current;
                    return parameter.WithType(ContextType(parameter.Type!, runtime, generator)).WithIdentifier(RenamedToken(parameter.Identifier, holder));
                });
                break;
        }
    }

    private static SyntaxNode LocalHoldingContext(LocalDeclarationStatementSyntax statement, Holder holder, EngramRuntimeSymbols runtime, SyntaxGenerator generator)
    {
        var leading = statement.GetLeadingTrivia();
        var declaration = statement.Declaration;
        var type = declaration.Type.IsVar ? declaration.Type : ContextType(declaration.Type, runtime, generator);
        var changed = statement
            .WithUsingKeyword(default)
            .WithAwaitKeyword(default)
            .WithDeclaration(declaration
                .WithType(type.WithLeadingTrivia())
                .WithVariables(SyntaxFactory.SingletonSeparatedList(RenamedDeclarator(declaration.Variables[0], holder))));
        return changed.WithLeadingTrivia(leading);
    }

    private static VariableDeclaratorSyntax RenamedDeclarator(VariableDeclaratorSyntax declarator, Holder holder) =>
        declarator.WithIdentifier(RenamedToken(declarator.Identifier, holder));

    private static SyntaxToken RenamedToken(SyntaxToken identifier, Holder holder) =>
        SyntaxFactory.Identifier(holder.NewName).WithTriviaFrom(identifier);

    /// <summary>The holder's name as written, renamed, or the aliased context in its place.</summary>
    private static SyntaxNode Renamed(SyntaxNode current, Holder holder)
    {
        if (holder.Alias is { } alias)
        {
            return alias.WithTriviaFrom(current);
        }

        return current switch
        {
            IdentifierNameSyntax name => name.WithIdentifier(RenamedToken(name.Identifier, holder)),
            MemberAccessExpressionSyntax access => access.WithName(access.Name.WithIdentifier(RenamedToken(access.Name.Identifier, holder))),
            MemberBindingExpressionSyntax binding => binding.WithName(binding.Name.WithIdentifier(RenamedToken(binding.Name.Identifier, holder))),
            _ => current,
        };
    }

    /// <summary><c>x</c> becomes <c>x.Db</c>: the calling thread's handle, read right there.</summary>
    private static ExpressionSyntax WithDb(SyntaxNode expression) =>
        SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                (ExpressionSyntax)expression.WithoutTrivia(),
                SyntaxFactory.IdentifierName(DbName))
            .WithTriviaFrom(expression);

    /// <summary><c>db?.Save(node)</c> becomes <c>ctx?.Db.Save(node)</c>.</summary>
    private static SyntaxNode ConditionalAccessOfDb(ConditionalAccessExpressionSyntax access, Holder holder)
    {
        var binding = ContextConversionPlanner.FirstBinding(access);
        if (binding is not MemberBindingExpressionSyntax member)
        {
            return access;
        }

        var throughDb = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName(DbName)),
                member.Name)
            .WithTriviaFrom(member);
        return access
            .WithWhenNotNull(access.WhenNotNull.ReplaceNode(member, throughDb))
            .WithExpression((ExpressionSyntax)Renamed(access.Expression, holder));
    }

    private static TypeSyntax ContextType(TypeSyntax original, EngramRuntimeSymbols runtime, SyntaxGenerator generator)
    {
        var context = (TypeSyntax)generator.TypeExpression(runtime.Context).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        if (original is NullableTypeSyntax)
        {
            context = SyntaxFactory.NullableType(context);
        }

        return context.WithTriviaFrom(original);
    }

    /// <summary><c>Database.FileBased(path)</c> becomes <c>EngramThreadSafe.GetThreadSafeContext(path)</c>.</summary>
    private static SyntaxNode GetThreadSafeContext(InvocationExpressionSyntax fileBased, EngramRuntimeSymbols runtime, SyntaxGenerator generator)
    {
        var type = ((ExpressionSyntax)generator.TypeExpression(runtime.EngramThreadSafe)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var arguments = SyntaxFactory.SeparatedList(fileBased.ArgumentList.Arguments.Select(argument => argument.WithNameColon(null)));
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, SyntaxFactory.IdentifierName(runtime.GetThreadSafeContext.Name)),
                fileBased.ArgumentList.WithArguments(arguments))
            .WithTriviaFrom(fileBased);
    }

    /// <summary><c>sp.GetRequiredService&lt;Database&gt;()</c> becomes <c>sp.GetRequiredService&lt;ThreadSafeAgentContext&gt;()</c>.</summary>
    private static ExpressionSyntax RequestingContext(InvocationExpressionSyntax request, EngramRuntimeSymbols runtime, SyntaxGenerator generator)
    {
        var generic = request.Expression switch
        {
            MemberAccessExpressionSyntax { Name: GenericNameSyntax name } => name,
            GenericNameSyntax name => name,
            _ => null,
        };
        if (generic is null)
        {
            return request;
        }

        var argument = generic.TypeArgumentList.Arguments[0];
        var changed = generic.WithTypeArgumentList(generic.TypeArgumentList.WithArguments(
            SyntaxFactory.SingletonSeparatedList(ContextType(argument, runtime, generator))));
        return request.ReplaceNode(generic, changed);
    }

    private static SyntaxNode AddEngramDb(InvocationExpressionSyntax registration, ExpressionSyntax path)
    {
        var access = (MemberAccessExpressionSyntax)registration.Expression;
        return registration
            .WithExpression(access.WithName(SyntaxFactory.IdentifierName(AddEngramDbName).WithTriviaFrom(access.Name)))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(path.WithoutTrivia()))));
    }
}
