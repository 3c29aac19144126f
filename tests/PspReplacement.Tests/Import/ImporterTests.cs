using PspReplacement.Profiles;

namespace PspReplacement.Tests.Import;

public sealed class ImporterTests : IDisposable
{
    private readonly string output = ImportSamples.NewOutputFolder();

    public void Dispose() => Directory.Delete(output, recursive: true);

    private string Read(string relative) => File.ReadAllText(Path.Combine(output, relative));

    [Fact]
    public void Every_cel_rule_and_validating_policy_becomes_one_policy_named_after_policy_and_rule()
    {
        var report = ImportSamples.Import(output);
        Assert.Equal(
            [
                "disallow-capabilities-strict-adding-capabilities-strict",
                "disallow-capabilities-strict-require-drop-all",
                "disallow-host-namespaces",
                "disallow-privileged-containers-privileged-containers",
                "require-run-as-nonroot",
                "require-team-label-check-team",
                "restrict-loadbalancer",
                "restrict-seccomp-strict",
                "restrict-service-types-no-nodeport",
            ],
            report.Policies);
        // The autogen-* rules of an exported ClusterPolicy are folded into their pod rule, not imported twice.
        Assert.DoesNotContain(report.Policies, p => p.Contains("autogen", StringComparison.Ordinal));
        Assert.False(report.Refused);
    }

    [Fact]
    public void Pss_category_chooses_the_profile_folder_and_other_policies_take_the_default_profile()
    {
        ImportSamples.Import(output);
        Assert.True(File.Exists(Path.Combine(output, "baseline/disallow-privileged-containers-privileged-containers/policy.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "baseline/disallow-host-namespaces/policy.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "restricted/disallow-capabilities-strict-require-drop-all/policy.yaml")));
        Assert.Contains("profile: restricted\n", Read("restricted/require-team-label-check-team/policy.yaml"));
    }

    [Fact]
    public void Webhook_match_conditions_precede_the_rule_preconditions_and_upstream_enforcement_is_kept_for_review()
    {
        ImportSamples.Import(output);
        var text = Read("restricted/disallow-capabilities-strict-require-drop-all/policy.yaml");
        Assert.Contains("      failurePolicy: Fail\n      matchConditions:\n        - name: skip-kube-system\n", text);
        Assert.Contains("  action: Enforce\n", text);
        Assert.Contains("autogenControllers:\n  - CronJob\n  - Deployment\n", text);
        Assert.Contains("  action: Audit\n", Read("baseline/disallow-host-namespaces/policy.yaml"));
    }

    [Fact]
    public void Every_unsupported_construct_is_reported_with_policy_rule_and_reason()
    {
        var skips = ImportSamples.Import(output).Skips.Select(s => s.ToString()).ToList();
        void Reported(string rule, string reason) =>
            Assert.Contains(skips, s => s.Contains($"ClusterPolicy unsupported, rule {rule}:", StringComparison.Ordinal) && s.Contains(reason, StringComparison.Ordinal));
        Reported("pattern-rule", "validate.pattern");
        Reported("any-pattern-rule", "validate.anyPattern");
        Reported("deny-rule", "validate.deny");
        Reported("foreach-rule", "validate.foreach");
        Reported("pod-security-rule", "validate.podSecurity");
        Reported("jmespath-preconditions", "preconditions are JMESPath");
        Reported("context-lookup", "context lookups");
        Reported("exclude-by-role", "exclude by clusterRoles");
        Reported("exclude-by-role", "exclude by subjects");
        Reported("with-params", "paramKind");
        Reported("mutate-rule", "a mutate rule");
        Reported("does-not-compile", $"does not compile for Kubernetes {Cel.KubernetesVersion.Latest}");
        Assert.Contains(skips, s => s.Contains("ClusterPolicy background-scan-only, rule report-only: spec.admission is false", StringComparison.Ordinal));
        Assert.Contains(skips, s => s.StartsWith("tests/PspReplacement.Tests/Import/samples/unsupported/validating-policies.yaml: ValidatingPolicy check-json-payload: evaluation.mode JSON", StringComparison.Ordinal));
        Assert.Contains(skips, s => s.Contains("ValidatingPolicy background-only: evaluation.admission.enabled is false", StringComparison.Ordinal));
        Assert.Contains(skips, s => s.Contains("ValidatingPolicy pod-delete-guard: operations DELETE on Pods", StringComparison.Ordinal));
        Assert.Contains(skips, s => s.Contains("ValidatingPolicy pod-delete-guard: matchConstraints.namespaceSelector", StringComparison.Ordinal));
        Assert.Contains(skips, s => s.Contains("ValidatingPolicy incomplete: a matchCondition or variable has no name", StringComparison.Ordinal));
        Assert.Contains(skips, s => s.Contains("ValidatingPolicy incomplete: spec.validations[0].expression is empty", StringComparison.Ordinal));
        Assert.Contains(skips, s => s.Contains("MutatingPolicy add-labels: a MutatingPolicy is not a validating policy", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(output, "baseline/unsupported-pattern-rule")));
    }

    [Fact]
    public void Importing_the_same_input_twice_gives_byte_identical_output_and_writes_nothing_the_second_time()
    {
        var first = ImportSamples.Import(output);
        var before = ImportSamples.Snapshot(output);
        var second = ImportSamples.Import(output);
        var after = ImportSamples.Snapshot(output);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (file, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[file]), file);
        Assert.Empty(second.Written);
        Assert.Equal(first.Written, second.Unchanged);
        Assert.All(after.Values, bytes => Assert.DoesNotContain((byte)'\r', bytes));
    }

    [Fact]
    public void Output_does_not_depend_on_where_the_input_lives()
    {
        var copy = ImportSamples.NewOutputFolder();
        var otherOutput = ImportSamples.NewOutputFolder();
        try
        {
            // The same checkout somewhere else: upstream paths are recorded from the checkout's root.
            var checkout = RepositoryRoot.Find();
            var elsewhere = Path.Combine(copy, "elsewhere", Path.GetRelativePath(checkout, ImportSamples.Folder));
            Directory.CreateDirectory(Path.Combine(copy, "elsewhere", ".git"));
            foreach (var file in Directory.EnumerateFiles(ImportSamples.Folder, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(elsewhere, Path.GetRelativePath(ImportSamples.Folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            ImportSamples.Import(output);
            ImportSamples.Import(otherOutput, false, elsewhere);
            var a = ImportSamples.Snapshot(output);
            var b = ImportSamples.Snapshot(otherOutput);
            Assert.Equal(a.Keys, b.Keys);
            foreach (var (file, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[file]), file);
        }
        finally
        {
            Directory.Delete(copy, true);
            Directory.Delete(otherOutput, true);
        }
    }

    [Fact]
    public void A_hand_edited_file_is_not_overwritten_without_force_and_nothing_else_is_written()
    {
        ImportSamples.Import(output);
        var edited = "baseline/disallow-host-namespaces/policy.yaml";
        File.WriteAllText(Path.Combine(output, edited), Read(edited).Replace("severity: high", "severity: low"));
        var stale = "restricted/restrict-loadbalancer/policy.yaml";
        File.Delete(Path.Combine(output, stale));

        var refused = ImportSamples.Import(output);
        Assert.True(refused.Refused);
        Assert.Equal([edited], refused.EditedLocally);
        Assert.Empty(refused.Written);
        Assert.False(File.Exists(Path.Combine(output, stale)));
        Assert.Contains("severity: low", Read(edited));

        var forced = ImportSamples.Import(output, force: true);
        Assert.False(forced.Refused);
        Assert.Contains(edited, forced.Written);
        Assert.Contains(stale, forced.Written);
        Assert.Contains("severity: high", Read(edited));
    }

    [Fact]
    public void A_file_without_the_import_marker_counts_as_a_local_file_and_is_kept()
    {
        var mine = Path.Combine(output, "restricted/restrict-loadbalancer/policy.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(mine)!);
        File.WriteAllText(mine, "name: restrict-loadbalancer\n");
        var report = ImportSamples.Import(output);
        Assert.Equal(["restricted/restrict-loadbalancer/policy.yaml"], report.EditedLocally);
        Assert.Equal("name: restrict-loadbalancer\n", File.ReadAllText(mine));
    }

    [Fact]
    public void A_changed_upstream_policy_rewrites_only_its_own_files()
    {
        var input = ImportSamples.NewOutputFolder();
        try
        {
            var source = ImportSamples.Path_("validating-policy", "require-run-as-nonroot-v1beta1.yaml");
            var copy = Path.Combine(input, "policies.yaml");
            File.Copy(source, copy);
            ImportSamples.Import(output, false, input);
            File.WriteAllText(copy, File.ReadAllText(source).Replace("LoadBalancer Services are not allowed.", "No LoadBalancers."));
            var report = ImportSamples.Import(output, false, input);
            Assert.Equal(["restricted/restrict-loadbalancer/policy.yaml"], report.Written);
            Assert.Equal(["restricted/require-run-as-nonroot/policy.yaml"], report.Unchanged);
            Assert.Contains("message: No LoadBalancers.", Read("restricted/restrict-loadbalancer/policy.yaml"));
        }
        finally { Directory.Delete(input, true); }
    }

    [Fact]
    public void A_rule_removed_upstream_removes_its_files_but_leaves_other_imports_alone()
    {
        var input = ImportSamples.NewOutputFolder();
        try
        {
            var copy = Path.Combine(input, "policies.yaml");
            File.Copy(ImportSamples.Path_("validating-policy", "require-run-as-nonroot-v1beta1.yaml"), copy);
            ImportSamples.Import(output, false, input);
            ImportSamples.Import(output, false, ImportSamples.Path_("validating-policy", "restrict-seccomp-v1alpha1.yaml"));
            var text = File.ReadAllText(copy);
            File.WriteAllText(copy, text[..text.IndexOf("---", StringComparison.Ordinal)]);

            var report = ImportSamples.Import(output, false, input);
            Assert.Equal(["restricted/restrict-loadbalancer/policy.yaml"], report.Removed);
            Assert.False(Directory.Exists(Path.Combine(output, "restricted", "restrict-loadbalancer")));
            // Imported from another upstream file: not this import's to remove.
            Assert.True(File.Exists(Path.Combine(output, "restricted", "restrict-seccomp-strict", "policy.yaml")));
        }
        finally { Directory.Delete(input, true); }
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_invalid_input()
    {
        var file = Path.Combine(output, "file");
        File.WriteAllText(file, "");
        var e = Assert.Throws<InvalidInputException>(() => ImportSamples.Import(file));
        Assert.Contains("is a file", e.Message);
    }

    [Fact]
    public void A_file_named_twice_is_imported_once()
    {
        var folder = ImportSamples.Path_("validating-policy");
        var once = ImportSamples.Import(output, false, folder);
        var other = ImportSamples.NewOutputFolder();
        try
        {
            var twice = ImportSamples.Import(other, false, folder, Path.Combine(folder, "restrict-seccomp-v1alpha1.yaml"), Path.Combine(folder, "require-run-as-nonroot-v1beta1.yaml"));
            Assert.Equal(once.Policies, twice.Policies);
            Assert.Equal(once.TestCases, twice.TestCases);
        }
        finally { Directory.Delete(other, true); }
    }

    [Fact]
    public void A_path_that_does_not_exist_is_invalid_input()
    {
        var e = Assert.Throws<InvalidInputException>(() => ImportSamples.Import(output, false, Path.Combine(output, "missing")));
        Assert.Contains("no such file or folder", e.Message);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_file_line_and_column()
    {
        var input = Path.Combine(output, "broken.yaml");
        File.WriteAllText(input, "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: x\n");
        var e = Assert.Throws<InvalidInputException>(() => ImportSamples.Import(Path.Combine(output, "out"), false, input));
        Assert.Matches(@"broken\.yaml:\d+:\d+: invalid YAML", e.Message);
    }

    [Fact]
    public void A_folder_without_kyverno_policies_is_invalid_input()
    {
        File.WriteAllText(Path.Combine(output, "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
        var e = Assert.Throws<InvalidInputException>(() => ImportSamples.Import(Path.Combine(output, "out"), false, output));
        Assert.Contains("no Kyverno ClusterPolicy, Policy or ValidatingPolicy found", e.Message);
    }

    [Fact]
    public void Two_inputs_producing_the_same_policy_name_are_invalid_input()
    {
        var file = ImportSamples.Path_("validating-policy", "restrict-seccomp-v1alpha1.yaml");
        var other = Path.Combine(output, "again.yaml");
        File.Copy(file, other);
        var e = Assert.Throws<InvalidInputException>(() => ImportSamples.Import(Path.Combine(output, "out"), false, file, other));
        Assert.Contains("policy name 'restrict-seccomp-strict' is produced by", e.Message);
    }

    // The import adds severity, autogenControllers and importedFrom to policy.yaml; the loader reads them into the model.
    [Fact]
    public void Imported_policies_load_with_the_policy_library_loader()
    {
        ImportSamples.Import(output);
        var library = PolicyLibraryLoader.Load(output);
        var privileged = Assert.Single(library.Policies, p => p.Name == "disallow-privileged-containers-privileged-containers");
        Assert.Equal(Profile.Baseline, privileged.Profile);
        Assert.Equal("Privileged Containers", privileged.Control);
        var variant = Assert.Single(privileged.Variants);
        Assert.Equal(new PssVersion(1, 26), variant.MinVersion);
        Assert.Null(variant.Spec.MatchConstraints);
        Assert.Equal("allContainers", Assert.Single(variant.Spec.Variables).Name);
        Assert.Equal(9, library.Policies.Count);
        Assert.Null(privileged.AutogenControllers);
        var from = Assert.IsType<ImportOrigin>(privileged.ImportedFrom);
        Assert.Equal("ClusterPolicy", from.Kind);
        Assert.Equal("privileged-containers", from.Rule);
        Assert.Equal("Audit", from.Action);
        Assert.Equal("Pod", from.Annotations["policies.kyverno.io/subject"]);
        Assert.Equal(["CronJob", "Deployment"], library.Policies.Single(p => p.Name == "disallow-capabilities-strict-require-drop-all").AutogenControllers);
        Assert.Equal([], library.Policies.Single(p => p.Name == "require-run-as-nonroot").AutogenControllers);
        Assert.Null(library.Policies.Single(p => p.Name == "restrict-loadbalancer").ImportedFrom!.Rule);
        Assert.Contains(library.Policies, p => p.Severity is not null);
    }
}
