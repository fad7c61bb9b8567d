namespace ThreadSafeDemo;

/// <summary>Why a request's input was refused: the HTTP status to answer with and a message for the caller.</summary>
internal sealed record InputProblem(int Status, string Message);
