using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using PspReplacement.Kubernetes;
using PspReplacement.Yaml;

namespace PspReplacement.Profiles;

public static partial class PolicyLibraryLoader
{
    public const string PolicyFileName = "policy.yaml";
    public const string AddBackFileName = "add-back.yaml";

    /// <summary>Loads every policy.yaml and add-back.yaml under the folder (docs/design.md). Throws InvalidInputException listing every problem with file:line:column.</summary>
    public static PolicyLibrary Load(string profilesDirectory)
    {
        if (!Directory.Exists(profilesDirectory))
            throw new InvalidInputException($"{DisplayPath.Of(profilesDirectory)}: the policy library folder does not exist; run from the repository root or pass the profiles folder");

        var problems = new List<string>();
        var fields = new SourceFields(problems);
        var policies = new List<PolicyDefinition>();
        var addBacks = new List<AddBack>();
        var marks = new Dictionary<object, SourceMark>(ReferenceEqualityComparer.Instance);

        foreach (var file in Directory.EnumerateFiles(profilesDirectory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name is not (PolicyFileName or AddBackFileName)) continue;
            var display = DisplayPath.Of(file);
            SourceNode root;
            try { root = SourceYamlReader.ReadFile(file, display); }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); continue; }
            if (fields.Map(root, display) is not { } map) continue;
            if (name == PolicyFileName)
            {
                if (ReadPolicy(map, display, fields) is { } policy) { policies.Add(policy); marks[policy] = map.Mark; }
            }
            else if (ReadAddBack(map, display, fields) is { } addBack) { addBacks.Add(addBack); marks[addBack] = map.Mark; }
        }

        CheckReferences(policies, addBacks, marks, fields);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new PolicyLibrary(
            policies.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(),
            addBacks.OrderBy(a => a.Name, StringComparer.Ordinal).ToList());
    }

    private static PolicyDefinition? ReadPolicy(SourceMap map, string file, SourceFields fields)
    {
        var before = fields.Problems.Count;
        fields.OnlyKnownKeys(map, "a policy", "name", "profile", "control", "title", "description", "severity", "autogenControllers",
            "importedFrom", "overrides", "variants", "validationActions");
        var name = fields.String(map, "name", true, "give the policy a unique name (it names the VAP)");
        if (name is not null) CheckName(name, map["name"]!.Mark, "policy", fields);
        var profileText = fields.String(map, "profile", true, "set profile: baseline, restricted or add-back");
        Profile? profile = null;
        if (profileText is not null && !PolicyDefinition.TryParseProfile(profileText, out profile))
            fields.Problem(map["profile"]!.Mark, $"unknown profile '{profileText}'; use baseline, restricted or add-back");
        var control = fields.String(map, "control", false, "name the PSS control") ?? "";
        var title = fields.String(map, "title", false, "give a one-line title") ?? name ?? "";
        var description = fields.String(map, "description", false, "describe the rule") ?? "";
        var severity = fields.String(map, "severity", false, "give upstream's severity, e.g. severity: medium");
        var autogenControllers = ReadAutogenControllers(map, fields);
        IReadOnlyList<string>? actions = null;
        if (map["validationActions"] is { } actionsNode)
        {
            actions = fields.StringList(map, "validationActions", "list the actions, e.g. validationActions: [Audit]").Select(a => a.Text).ToList();
            foreach (var problem in Vap.ValidationActions.Problems(actions.ToList(), "validationActions")) fields.Problem(actionsNode.Mark, problem);
        }
        var importedFrom = ReadImportSource(map["importedFrom"], fields);
        var overrides = fields.StringList(map, "overrides", "list the baseline policies this restricted policy overrides, e.g. overrides: [capabilities-baseline]");
        if (overrides.Count > 0 && profileText is not null && profile != Profile.Restricted)
            fields.Problem(map["overrides"]!.Mark, "only a restricted policy can override baseline policies (as PSA's restricted checks do); remove 'overrides' or set profile: restricted");

        var variants = new List<PolicyVariant>();
        switch (map["variants"])
        {
            case null:
                fields.Problem(map.Mark, "missing 'variants'; list the rule per PSS version range: variants: [{pssVersions: {min: v1.22}, spec: {...}}]");
                break;
            case SourceList list when list.Items.Count > 0:
                foreach (var item in list.Items)
                    if (ReadVariant(item, fields) is { } variant) variants.Add(variant);
                break;
            case var other:
                fields.Problem(other.Mark, "'variants' must be a non-empty list of {pssVersions, spec}");
                break;
        }
        CheckVariantsDisjoint(variants, map["variants"]?.Mark ?? map.Mark, fields);
        if (fields.Problems.Count > before || name is null) return null;
        return new PolicyDefinition(name, profile, control, title, description, variants, file)
        {
            Severity = severity,
            ValidationActions = actions,
            AutogenControllers = autogenControllers,
            ImportedFrom = importedFrom,
            Overrides = overrides.Select(o => o.Text).ToList(),
        };
    }

    /// <summary>autogenControllers: absent means render's default (null); [] means no controller forms.</summary>
    private static IReadOnlyList<string>? ReadAutogenControllers(SourceMap map, SourceFields fields)
    {
        if (map["autogenControllers"] is null or SourceScalar { IsNull: true }) return null;
        var known = ControllerKind.All.Select(k => k.Kind).ToList();
        var hint = $"list pod controller kinds ({string.Join(", ", known)}), or [] for none";
        var kinds = new List<string>();
        foreach (var item in fields.StringList(map, "autogenControllers", hint))
        {
            if (!known.Contains(item.Text, StringComparer.Ordinal))
                fields.Problem(item.Mark, $"'{item.Text}' is not a pod controller kind; use one of {string.Join(", ", known)} (case matters)");
            else if (!kinds.Contains(item.Text, StringComparer.Ordinal)) kinds.Add(item.Text);
        }
        return kinds;
    }

    private static ImportOrigin? ReadImportSource(SourceNode? node, SourceFields fields)
    {
        if (node is null or SourceScalar { IsNull: true }) return null;
        if (fields.Map(node, "'importedFrom'") is not { } map) return null;
        fields.OnlyKnownKeys(map, "'importedFrom'", "file", "apiVersion", "kind", "policy", "rule", "action", "annotations");
        const string hint = "importedFrom is written by pspr import kyverno; import again instead of editing it";
        var file = fields.String(map, "file", true, hint);
        var apiVersion = fields.String(map, "apiVersion", true, hint);
        var kind = fields.String(map, "kind", true, hint);
        var policy = fields.String(map, "policy", true, hint);
        var rule = fields.String(map, "rule", false, hint);
        var action = fields.String(map, "action", false, hint);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (fields.Map(map["annotations"], "'importedFrom.annotations'") is { } notes)
            foreach (var entry in notes.Entries)
            {
                if (entry.Value is SourceScalar value) annotations[entry.Name] = value.Text;
                else fields.Problem(entry.Value.Mark, $"annotation '{entry.Name}' must be a single value; {hint}");
            }
        if (file is null || apiVersion is null || kind is null || policy is null) return null;
        return new ImportOrigin(file, apiVersion, kind, policy, rule, action, annotations);
    }

    private static PolicyVariant? ReadVariant(SourceNode node, SourceFields fields)
    {
        if (fields.Map(node, "a variant") is not { } map) return null;
        fields.OnlyKnownKeys(map, "a variant", "pssVersions", "spec");
        PssVersion min = default;
        PssVersion? max = null;
        var ok = true;
        if (fields.Map(map["pssVersions"], "'pssVersions'") is { } versions)
        {
            fields.OnlyKnownKeys(versions, "'pssVersions'", "min", "max");
            var minText = fields.String(versions, "min", true, "set the first PSS version the rule applies to, e.g. min: v1.22");
            if (minText is not null && !PssVersion.TryParse(minText, out min))
            {
                fields.Problem(versions["min"]!.Mark, $"'{minText}' is not a PSS version; write it like v1.22");
                ok = false;
            }
            var maxText = fields.String(versions, "max", false, "");
            if (maxText is not null)
            {
                if (PssVersion.TryParse(maxText, out var m)) max = m;
                else { fields.Problem(versions["max"]!.Mark, $"'{maxText}' is not a PSS version; write it like v1.29 or leave max out"); ok = false; }
            }
            if (minText is null) ok = false;
        }
        else
        {
            fields.Problem(map.Mark, "missing 'pssVersions'; set the versions the rule covers, e.g. pssVersions: {min: v1.22}");
            ok = false;
        }
        if (max is { } mx && mx < min)
        {
            fields.Problem(map["pssVersions"]!.Mark, $"pssVersions max {mx} is before min {min}; swap them");
            ok = false;
        }
        var spec = ReadSpec(map["spec"], map.Mark, fields);
        return ok && spec is not null ? new PolicyVariant(min, max, spec) : null;
    }

    /// <summary>Reads a VAP spec through the Kubernetes model, reporting any field the model does not know (a typo would otherwise vanish).</summary>
    private static V1ValidatingAdmissionPolicySpec? ReadSpec(SourceNode? node, SourceMark parent, SourceFields fields)
    {
        if (node is null)
        {
            fields.Problem(parent, "missing 'spec'; give the ValidatingAdmissionPolicy spec in pod form (validations, and optionally variables, matchConditions)");
            return null;
        }
        if (fields.Map(node, "'spec'") is not { } map) return null;
        var json = SourceJson.ToJson(map);
        V1ValidatingAdmissionPolicySpec spec;
        try
        {
            spec = KubernetesJson.Deserialize<V1ValidatingAdmissionPolicySpec>(json!.ToJsonString());
        }
        catch (JsonException e)
        {
            var at = e.Path is { } path ? SourceJson.Find(map, JsonPathToPointer(path)).Mark : map.Mark;
            fields.Problem(at, $"not a valid ValidatingAdmissionPolicy spec ({e.Message.Split(" Path:")[0]}); see the VAP API reference");
            return null;
        }
        var lost = JsonLoss.FirstDifference(json, System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(spec)));
        if (lost is not null)
        {
            fields.Problem(SourceJson.FindKey(map, lost), $"spec{lost.Replace('/', '.')} is not a field of a ValidatingAdmissionPolicy spec (or has the wrong type); check the spelling against the VAP API reference");
            return null;
        }
        if (spec.Validations is not { Count: > 0 })
        {
            fields.Problem(map.Mark, "the spec has no 'validations'; a policy needs at least one validation expression");
            return null;
        }
        return spec;
    }

    private static AddBack? ReadAddBack(SourceMap map, string file, SourceFields fields)
    {
        var before = fields.Problems.Count;
        fields.OnlyKnownKeys(map, "an add-back", "name", "description", "replaces");
        var name = fields.String(map, "name", true, "give the add-back a unique name (namespaces list it under addBacks)");
        if (name is not null) CheckName(name, map["name"]!.Mark, "add-back", fields);
        var description = fields.String(map, "description", false, "") ?? "";
        var replaces = new List<Replacement>();
        if (map["replaces"] is SourceList { Items.Count: > 0 } list)
        {
            foreach (var item in list.Items)
            {
                if (fields.Map(item, "a replacement") is not { } r) continue;
                fields.OnlyKnownKeys(r, "a replacement", "policy", "with");
                var policy = fields.String(r, "policy", true, "name the base policy this add-back relaxes");
                var with = fields.String(r, "with", true, "name the replacement policy (profile: add-back)");
                if (policy is not null && with is not null) replaces.Add(new Replacement(policy, with));
            }
        }
        else
        {
            fields.Problem(map["replaces"]?.Mark ?? map.Mark, "'replaces' must be a non-empty list of {policy: BASE, with: REPLACEMENT}");
        }
        if (fields.Problems.Count > before || name is null) return null;
        return new AddBack(name, description, replaces, file);
    }

    private static void CheckReferences(List<PolicyDefinition> policies, List<AddBack> addBacks, Dictionary<object, SourceMark> marks, SourceFields fields)
    {
        var byName = new Dictionary<string, PolicyDefinition>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            if (byName.TryGetValue(policy.Name, out var first))
                fields.Problem(marks[policy], $"policy name '{policy.Name}' is already used by {first.SourcePath}; policy names are unique across the library");
            else byName[policy.Name] = policy;
        }
        foreach (var policy in policies)
            foreach (var overridden in policy.Overrides)
            {
                if (!byName.TryGetValue(overridden, out var target))
                    fields.Problem(marks[policy], $"policy '{policy.Name}' overrides unknown policy '{overridden}'; name a baseline policy");
                else if (target.Profile != Profile.Baseline)
                    fields.Problem(marks[policy], $"policy '{policy.Name}' overrides '{overridden}', which is not a baseline policy; only baseline checks can be overridden");
            }
        var addBackNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var addBack in addBacks)
        {
            if (!addBackNames.Add(addBack.Name))
                fields.Problem(marks[addBack], $"add-back name '{addBack.Name}' is used twice; add-back names are unique");
            var replaced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in addBack.Replaces)
            {
                if (!byName.TryGetValue(r.Policy, out var basePolicy))
                    fields.Problem(marks[addBack], $"add-back '{addBack.Name}' replaces unknown policy '{r.Policy}'; use the name of a baseline or restricted policy");
                else if (basePolicy.IsAddBack)
                    fields.Problem(marks[addBack], $"add-back '{addBack.Name}' replaces '{r.Policy}', which is itself an add-back policy; replace the baseline or restricted policy instead");
                if (!byName.TryGetValue(r.With, out var replacement))
                    fields.Problem(marks[addBack], $"add-back '{addBack.Name}' brings unknown policy '{r.With}'; add {r.With}/policy.yaml beside add-back.yaml");
                else if (!replacement.IsAddBack)
                    fields.Problem(marks[addBack], $"add-back '{addBack.Name}' brings '{r.With}', whose profile is not add-back; set profile: add-back in its policy.yaml");
                if (!replaced.Add(r.Policy))
                    fields.Problem(marks[addBack], $"add-back '{addBack.Name}' replaces '{r.Policy}' twice; keep one replacement per base policy");
            }
        }
    }

    private static void CheckVariantsDisjoint(List<PolicyVariant> variants, SourceMark mark, SourceFields fields)
    {
        var ordered = variants.OrderBy(v => v.MinVersion).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var previous = ordered[i - 1];
            if (previous.MaxVersion is null || previous.MaxVersion.Value >= ordered[i].MinVersion)
                fields.Problem(mark, $"variants overlap: the one from {previous.MinVersion} still covers {ordered[i].MinVersion}; give the earlier one max: (the version before {ordered[i].MinVersion})");
        }
    }

    private static void CheckName(string name, SourceMark mark, string what, SourceFields fields)
    {
        // The name becomes a label key's name part (<prefix>/<name>) and a VAP name: a DNS label of at most 63 characters.
        if (!NamePattern().IsMatch(name) || name.Length > 63)
            fields.Problem(mark, $"{what} name '{name}' must be lower-case letters, digits and '-', start with a letter and be at most 63 characters (it becomes a label key and an object name)");
    }

    private static string JsonPathToPointer(string path) =>
        "/" + string.Join('/', path.TrimStart('$').Replace("[", ".").Replace("]", "").Split('.', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('\'')));

    [GeneratedRegex(@"^[a-z]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex NamePattern();
}
