using PolicyEngine.Diagnostics;

namespace PolicyEngine.Syntax;

/// <summary>A value read from a file together with where it was written.</summary>
public sealed record Located<T>(T Value, SourceLocation Location);

/// <summary>
/// A condition or template expression as written, with the means to turn an index into the text back into a
/// line and column of the file, so that errors point into the expression.
/// </summary>
public sealed record ExpressionSyntax(string Text, SourceLocation Location, Func<int, SourceLocation> LocationOf);
