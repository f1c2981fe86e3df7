namespace Serverless.Testing.Hostile;

/// <summary>What the service did with one hostile request.</summary>
/// <param name="Request">The request.</param>
/// <param name="Status">The answer's status; null when there was none (hang or broken connection).</param>
/// <param name="Failure">Why the answer is a finding (a 5xx, a hang, a success, a reply outside Trove's error shape); null when it is fine.</param>
/// <param name="Body">The start of the answer's body, to report with a finding.</param>
public sealed record HostileOutcome(HostileRequest Request, int? Status, string? Failure, string Body)
{
    /// <summary>
    /// Gets the status class for the report: <c>2xx</c>…<c>5xx</c>, <c>501</c> apart (a Trove call this service does not
    /// offer, on purpose), <c>hang</c> or <c>no answer</c>.
    /// </summary>
    public string Class => Status is { } status ? status == 501 ? "501" : $"{status / 100}xx" : Failure?.StartsWith("hang", StringComparison.Ordinal) == true ? "hang" : "no answer";
}
