namespace PspReplacement.Import;

/// <summary>
/// What an upstream test says about one resource and one Kyverno policy (or rule): admitted or denied. Turned into a
/// fixture of the imported policy once the policy is known to be imported.
/// </summary>
/// <param name="Policy">The Kyverno policy name.</param>
/// <param name="Rule">The Kyverno rule (null: a ValidatingPolicy, or every rule of the policy).</param>
/// <param name="Origin">The test file and resource, for the fixture name and reports ("kyverno-test.yaml Pod badpod01").</param>
/// <param name="Object">The resource as plain data.</param>
public sealed record TestExpectation(string Policy, string? Rule, string Origin, bool Deny, object Object);
