using System.Collections;
using PspReplacement.Cel;
using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Admission;

/// <summary>
/// Resolves the variables of one evaluation of one policy for one binding and param. variables.NAME is computed on
/// first use and then remembered, so each variable is evaluated at most once per request (and may use earlier ones).
/// </summary>
internal sealed class AdmissionActivation : IActivation
{
    private readonly RequestValues _values;
    private readonly object _request;
    private readonly object _params;
    private readonly LazyVariables _variables;

    public AdmissionActivation(RequestValues values, MatchResult match, object? paramsValue, IReadOnlyList<CompiledVariable> variables)
    {
        _values = values;
        _request = values.RequestFor(match);
        _params = paramsValue ?? CelNull.Value;
        _variables = new LazyVariables(this, variables);
    }

    public bool TryResolve(string name, out object value)
    {
        switch (name)
        {
            case "object": value = _values.Object; return true;
            case "oldObject": value = _values.OldObject; return true;
            case "request": value = _request; return true;
            case "namespaceObject": value = _values.NamespaceObject; return true;
            case "params": value = _params; return true;
            case "variables": value = _variables; return true;
            // There is no cluster to ask offline: the library's offline authorizer answers every check with an error
            // saying so, which failurePolicy then handles like any other evaluation error.
            case "authorizer": value = CelAuthorizer.Offline; return true;
            case "authorizer.requestResource": value = CelAuthorizer.RequestResourceOffline; return true;
            default: value = null!; return false;
        }
    }

    private sealed class LazyVariables(IActivation activation, IReadOnlyList<CompiledVariable> variables) : ICelMap
    {
        private readonly object?[] _results = new object?[variables.Count];
        private readonly bool[] _evaluating = new bool[variables.Count];

        public int Count => variables.Count;
        public IEnumerable<object> Keys => variables.Select(v => (object)v.Name);

        public bool TryGetValue(object key, out object value)
        {
            value = null!;
            if (key is not string name) return false;
            for (var i = 0; i < variables.Count; i++)
            {
                if (variables[i].Name != name) continue;
                if (_results[i] is { } cached) { value = cached; return true; }
                if (_evaluating[i]) { value = new CelError($"composited variable \"{name}\" refers to itself"); return true; }
                _evaluating[i] = true;
                var result = variables[i].Program.Evaluate(activation);
                _evaluating[i] = false;
                value = _results[i] = result;
                return true;
            }
            return false;
        }

        public IEnumerator<KeyValuePair<object, object>> GetEnumerator()
        {
            foreach (var v in variables)
            {
                TryGetValue(v.Name, out var value);
                yield return new KeyValuePair<object, object>(v.Name, value);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
