using static PspReplacement.Tests.Admission.AdmissionKit;
using PspReplacement.Admission;

namespace PspReplacement.Tests.Admission;

/// <summary>Evaluation of VAPs and bindings as the kube-apiserver's ValidatingAdmissionPolicy plugin does it.</summary>
public class PolicySetTests
{
    private const string NoPrivileged = """
          validations:
            - expression: "object.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))"
              message: "privileged containers are not allowed"
              reason: Forbidden
        """;

    private static string Binding(string name, string policy, string actions, string extra = "") => "\n" + $$"""
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: {{name}}}
        spec:
          policyName: {{policy}}
          validationActions: {{actions}}
        {{extra}}
        """;

    [Fact]
    public void A_false_validation_with_Deny_is_worded_as_the_apiserver_denies()
    {
        var set = Policies(PodPolicy("no-priv") + NoPrivileged + Binding("no-priv-b", "no-priv", "[Deny]"));
        var verdict = Admit(set, PrivilegedPod);
        Assert.False(verdict.Allowed);
        var v = Assert.Single(verdict.Violations);
        Assert.Equal("ValidatingAdmissionPolicy 'no-priv' with binding 'no-priv-b' denied request: privileged containers are not allowed", v.Message);
        Assert.Equal("Forbidden", v.Reason);
        Assert.Equal(["Deny"], v.Actions);
        Assert.Equal(v.Message, verdict.DenialMessage);
    }

    [Fact]
    public void A_passing_object_is_matched_and_allowed()
    {
        var verdict = Admit(Policies(PodPolicy("no-priv") + NoPrivileged), PlainPod);
        Assert.True(verdict.Matched);
        Assert.True(verdict.Allowed);
        Assert.Empty(verdict.Violations);
        Assert.Equal(["no-priv"], verdict.EvaluatedPolicies);
    }

    [Fact]
    public void An_object_no_policy_matches_is_not_matched()
    {
        var verdict = Admit(Policies(PodPolicy("no-priv") + NoPrivileged), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        Assert.False(verdict.Matched);
        Assert.True(verdict.Allowed);
    }

    [Fact]
    public void Warn_is_worded_as_the_apiserver_warns_and_does_not_deny()
    {
        var verdict = Admit(Policies(PodPolicy("no-priv") + NoPrivileged + Binding("b", "no-priv", "[Warn]")), PrivilegedPod);
        Assert.True(verdict.Allowed);
        Assert.Equal(["Validation failed for ValidatingAdmissionPolicy 'no-priv' with binding 'b': privileged containers are not allowed"], verdict.Warnings);
        Assert.Equal(verdict.Warnings[0], Assert.Single(verdict.Violations).Message);
    }

    [Fact]
    public void Audit_records_the_validation_failure_annotation_as_json()
    {
        var verdict = Admit(Policies(PodPolicy("no-priv") + NoPrivileged + Binding("b", "no-priv", "[Audit]")), PrivilegedPod);
        Assert.True(verdict.Allowed);
        Assert.Empty(verdict.Warnings);
        Assert.Equal("""[{"message":"privileged containers are not allowed","policy":"no-priv","binding":"b","expressionIndex":0,"validationActions":["Audit"]}]""",
            verdict.AuditAnnotations["validation.policy.admission.k8s.io/validation_failure"]);
    }

    [Fact]
    public void Without_message_the_failed_expression_is_the_message()
    {
        var set = Policies(PodPolicy("p") + """
              validations:
                - expression: "  object.metadata.name == 'other'  "
            """);
        Assert.EndsWith("denied request: failed expression: object.metadata.name == 'other'", Admit(set, PlainPod).DenialMessage);
    }

    [Theory]
    [InlineData("'container ' + object.spec.containers[0].name + ' is privileged'", "container app is privileged")]
    [InlineData("object.missing", "static message")]            // error: falls back to message
    [InlineData("'   '", "static message")]                     // blank: falls back
    [InlineData("'two\\\\nlines'", "static message")]              // multi-line: falls back
    [InlineData("1", "static message")]                         // not a string: falls back
    public void MessageExpression_wins_unless_it_errs_or_is_blank(string messageExpression, string expected)
    {
        var set = Policies(PodPolicy("p") + $"""
              validations:
                - expression: "false"
                  message: "static message"
                  messageExpression: "{messageExpression}"
            """);
        Assert.EndsWith($"denied request: {expected}", Admit(set, PrivilegedPod).DenialMessage);
    }

    [Fact]
    public void An_evaluation_error_denies_under_failurePolicy_Fail_with_the_apiserver_wording()
    {
        var set = Policies(PodPolicy("p") + """
              validations:
                - expression: "object.spec.nodeName == 'x'"
            """);
        var message = Admit(set, PlainPod).DenialMessage;
        Assert.StartsWith("ValidatingAdmissionPolicy 'p' with binding 'p' denied request: expression 'object.spec.nodeName == 'x'' resulted in error: ", message);
        Assert.Contains("nodeName", message);
    }

    [Fact]
    public void An_evaluation_error_is_ignored_under_failurePolicy_Ignore()
    {
        var set = Policies(PodPolicy("p") + """
              failurePolicy: Ignore
              validations:
                - expression: "object.spec.nodeName == 'x'"
            """);
        Assert.True(Admit(set, PlainPod).Allowed);
    }

    [Fact]
    public void A_false_match_condition_skips_the_policy()
    {
        var set = Policies(PodPolicy("p") + """
              matchConditions:
                - {name: only-db, expression: "object.metadata.labels.app == 'db'"}
              validations:
                - expression: "false"
            """);
        var verdict = Admit(set, PrivilegedPod);
        Assert.True(verdict.Allowed);
        Assert.False(verdict.Matched);
    }

    [Fact]
    public void A_match_condition_error_denies_under_Fail_and_skips_under_Ignore()
    {
        const string conditions = """
              matchConditions:
                - {name: broken, expression: "object.metadata.annotations.x == 'y'"}
              validations:
                - expression: "true"
            """;
        var fail = Admit(Policies(PodPolicy("p") + conditions), PlainPod);
        Assert.False(fail.Allowed);
        Assert.Contains("expression 'object.metadata.annotations.x == 'y'' resulted in error: ", fail.DenialMessage);
        var ignore = Admit(Policies(PodPolicy("p") + "  failurePolicy: Ignore\n" + conditions), PlainPod);
        Assert.True(ignore.Allowed);
    }

    [Fact]
    public void A_false_match_condition_wins_over_another_conditions_error()
    {
        var set = Policies(PodPolicy("p") + """
              matchConditions:
                - {name: broken, expression: "object.metadata.annotations.x == 'y'"}
                - {name: never, expression: "false"}
              validations:
                - expression: "false"
            """);
        Assert.True(Admit(set, PlainPod).Allowed);
    }

    [Fact]
    public void Variables_compose_and_are_visible_to_validations_and_messages()
    {
        var set = Policies(PodPolicy("p") + """
              variables:
                - {name: names, expression: "object.spec.containers.map(c, c.name)"}
                - {name: first, expression: "variables.names[0]"}
              validations:
                - expression: "variables.first != 'app'"
                  messageExpression: "'first container is ' + variables.first"
            """);
        Assert.EndsWith("denied request: first container is app", Admit(set, PlainPod).DenialMessage);
    }

    [Fact]
    public void Integers_stay_integers_and_absent_fields_are_absent()
    {
        var set = Policies("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: replicas}
            spec:
              matchConstraints:
                resourceRules:
                  - {apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"]}
              validations:
                - expression: "type(object.spec.replicas) == int && object.spec.replicas == 3"
                - expression: "!has(object.spec.paused)"
            """);
        Assert.True(Admit(set, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 3}\n").Allowed);
    }

    [Fact]
    public void The_request_variable_carries_kind_resource_operation_user_and_oldObject_is_null_on_create()
    {
        var set = Policies(PodPolicy("p") + """
              validations:
                - expression: "request.kind.kind == 'Pod' && request.kind.version == 'v1' && request.kind.group == ''"
                - expression: "request.resource.resource == 'pods' && request.subResource == ''"
                - expression: "request.operation == 'CREATE' && request.namespace == 'web' && request.name == 'p'"
                - expression: "request.userInfo.username == 'alice' && 'devs' in request.userInfo.groups"
                - expression: "oldObject == null"
                - expression: "namespaceObject.metadata.name == 'web'"
            """);
        var verdict = Admit(set, PlainPod, user: new UserInfo("alice", ["devs", "system:authenticated"]));
        Assert.True(verdict.Allowed, string.Join("\n", verdict.Violations.Select(v => v.Message)));
    }

    [Fact]
    public void On_update_oldObject_is_the_old_object()
    {
        var set = Policies(PodPolicy("p") + """
              validations:
                - expression: "request.operation != 'UPDATE' || oldObject.metadata.labels.app == object.metadata.labels.app"
                  message: "app label is immutable"
            """);
        var changed = PlainPod.Replace("app: web", "app: other");
        Assert.True(Admit(set, PlainPod, "UPDATE", PlainPod).Allowed);
        Assert.EndsWith("app label is immutable", Admit(set, changed, "UPDATE", PlainPod).DenialMessage);
    }

    [Fact]
    public void Binding_namespaceSelector_uses_the_namespace_labels()
    {
        var yaml = PodPolicy("p") + NoPrivileged + Binding("b", "p", "[Deny]", """
              matchResources:
                namespaceSelector:
                  matchExpressions: [{key: exempt, operator: DoesNotExist}]
            """);
        var set = Policies(yaml);
        Assert.False(Admit(set, PrivilegedPod, namespaceLabels: new Dictionary<string, string>()).Allowed);
        Assert.True(Admit(set, PrivilegedPod, namespaceLabels: new Dictionary<string, string> { ["exempt"] = "yes" }).Allowed);
    }

    [Fact]
    public void ObjectSelector_matches_new_or_old_object_labels()
    {
        var set = Policies(PodPolicy("p") + NoPrivileged + Binding("b", "p", "[Deny]", """
              matchResources:
                objectSelector: {matchLabels: {app: db}}
            """));
        Assert.True(Admit(set, PrivilegedPod).Allowed);
        var dbPod = PrivilegedPod.Replace("app: web", "app: db");
        Assert.False(Admit(set, dbPod).Allowed);
        Assert.False(Admit(set, PrivilegedPod, "UPDATE", dbPod).Allowed);
    }

    [Fact]
    public void ExcludeResourceRules_win_over_resourceRules()
    {
        var set = Policies(PodPolicy("p") + """
              validations:
                - expression: "false"
            """ + Binding("b", "p", "[Deny]", """
              matchResources:
                excludeResourceRules:
                  - {apiGroups: [""], apiVersions: ["v1"], operations: ["*"], resources: ["pods"], resourceNames: ["p"]}
            """));
        Assert.True(Admit(set, PlainPod).Allowed);
        Assert.False(Admit(set, PlainPod.Replace("name: p,", "name: q,")).Allowed);
    }

    [Fact]
    public void Ephemeral_containers_subresource_needs_a_subresource_rule()
    {
        var set = Policies("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: eph}
            spec:
              matchConstraints:
                resourceRules:
                  - {apiGroups: [""], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["pods/ephemeralcontainers"]}
              validations:
                - expression: "request.subResource != 'ephemeralcontainers'"
            """);
        Assert.False(Admit(set, PlainPod, "UPDATE", PlainPod).Matched);
        Assert.False(Admit(set, PlainPod, "UPDATE", PlainPod, subResource: "ephemeralcontainers").Allowed);
    }

    [Fact]
    public void MatchPolicy_Equivalent_matches_an_autoscaling_v1_HPA_as_v2_but_Exact_does_not()
    {
        // Both versions are served by every supported apiserver (the old extensions/v1beta1 workloads are not).
        const string hpa = "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {maxReplicas: 3, scaleTargetRef: {kind: Deployment, name: web}}\n";
        string Policy(string matchPolicy) => $$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: h}
            spec:
              matchConstraints:
                {{matchPolicy}}
                resourceRules:
                  - {apiGroups: ["autoscaling"], apiVersions: ["v2"], operations: ["CREATE"], resources: ["horizontalpodautoscalers"]}
              validations:
                - expression: "request.kind.version == 'v2' && request.requestKind.version == 'v1'"
                  message: "seen as autoscaling/v2"
            """;
        var equivalent = Admit(Policies(Policy("matchPolicy: Equivalent")), hpa);
        Assert.True(equivalent.Matched);
        Assert.True(equivalent.Allowed, string.Join("\n", equivalent.Violations.Select(v => v.Message)));
        Assert.True(Admit(Policies(Policy("")), hpa).Matched); // the API defaults to Equivalent
        Assert.False(Admit(Policies(Policy("matchPolicy: Exact")), hpa).Matched);
    }

    [Fact]
    public void Cluster_scoped_objects_are_never_exempted_by_a_namespaceSelector()
    {
        var set = Policies("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: nodes}
            spec:
              matchConstraints:
                namespaceSelector: {matchLabels: {never: "true"}}
                resourceRules:
                  - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["nodes"]}
              validations:
                - expression: "false"
            """);
        Assert.False(Admit(set, "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\n").Allowed);
    }

    [Fact]
    public void Params_come_from_files_via_paramRef()
    {
        var paramObjects = Objects("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: limits, namespace: web}\ndata: {maxContainers: \"1\"}\n");
        var yaml = PodPolicy("p") + """
              paramKind: {apiVersion: v1, kind: ConfigMap}
              validations:
                - expression: "size(object.spec.containers) <= int(params.data.maxContainers)"
                  message: "too many containers"
            """ + Binding("b", "p", "[Deny]", """
              paramRef: {name: limits, parameterNotFoundAction: Deny}
            """);
        var set = Policies(yaml, new ParamStore(paramObjects));
        Assert.True(Admit(set, PlainPod).Allowed);
        var two = PlainPod + "\n    - {name: side, image: x}\n";
        Assert.EndsWith("too many containers", Admit(set, two).DenialMessage);
        var elsewhere = PlainPod.Replace("namespace: web", "namespace: other");
        Assert.EndsWith("denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction", Admit(set, elsewhere).DenialMessage);
    }

    [Fact]
    public void Audit_annotations_are_published_under_the_policy_name()
    {
        var set = Policies(PodPolicy("p") + """
              validations:
                - expression: "true"
              auditAnnotations:
                - {key: image, valueExpression: "object.spec.containers[0].image"}
                - {key: none, valueExpression: "null"}
            """);
        var verdict = Admit(set, PlainPod);
        Assert.Equal("nginx", verdict.AuditAnnotations["p/image"]);
        Assert.False(verdict.AuditAnnotations.ContainsKey("p/none"));
    }

    [Fact]
    public void Policies_are_evaluated_in_name_order_so_the_first_denial_is_stable()
    {
        var yaml = PodPolicy("zeta") + "  validations:\n    - {expression: \"false\", message: z}\n---\n" + PodPolicy("alpha") + "  validations:\n    - {expression: \"false\", message: a}\n";
        var verdict = Admit(Policies(yaml), PlainPod);
        Assert.Equal(["alpha", "zeta"], verdict.Violations.Select(v => v.Policy));
        Assert.EndsWith("denied request: a", verdict.DenialMessage);
    }

    [Fact]
    public void A_binding_with_Deny_and_Warn_is_refused_as_the_apiserver_refuses_it()
    {
        var e = Assert.Throws<InvalidInputException>(() => Policies(PodPolicy("p") + NoPrivileged + Binding("b", "p", "[Deny, Warn]")));
        Assert.Contains("ValidatingAdmissionPolicyBinding 'b': validationActions [Deny, Warn] is refused by the apiserver", e.Message);
    }

    [Fact]
    public void An_expression_that_does_not_compile_is_bad_input_naming_policy_and_field()
    {
        var e = Assert.Throws<InvalidInputException>(() => Policies(PodPolicy("p") + "  validations:\n    - expression: \"object.spec.(\"\n"));
        Assert.Contains("ValidatingAdmissionPolicy 'p': spec.validations[0].expression does not compile", e.Message);
    }

    [Fact]
    public void A_namespace_object_without_labels_still_has_its_name_label()
    {
        var directory = new NamespaceDirectory();
        Assert.Equal("team-a", directory.LabelsOf("team-a")["kubernetes.io/metadata.name"]);
        directory.Own(Objects("apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {tier: gold}}\n").Single());
        Assert.Equal("gold", directory.LabelsOf("team-a")["tier"]);
    }

    [Fact]
    public void Objects_without_namespace_land_in_default_and_cluster_scoped_ones_in_none()
    {
        var pod = Objects("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n").Single();
        var node = Objects("apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\n").Single();
        Assert.Equal("default", AdmissionRequestFactory.NamespaceOf(pod, RequestOptions.Default));
        Assert.Equal("other", AdmissionRequestFactory.NamespaceOf(pod, new RequestOptions(NamespaceOverride: "other")));
        Assert.Equal("", AdmissionRequestFactory.NamespaceOf(node, new RequestOptions(NamespaceOverride: "other")));
        // Scopes come from the type table (VolumeAttachment) and, for kinds outside k8s.io/api, a short list (CRDs).
        Assert.Equal("", AdmissionRequestFactory.NamespaceOf(Objects("apiVersion: storage.k8s.io/v1\nkind: VolumeAttachment\nmetadata: {name: va}\n").Single(), RequestOptions.Default));
        Assert.Equal("", AdmissionRequestFactory.NamespaceOf(Objects("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a.b.c}\n").Single(), RequestOptions.Default));
        Assert.Equal("default", AdmissionRequestFactory.NamespaceOf(Objects("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n").Single(), RequestOptions.Default));
        Assert.Equal("default", ((Dictionary<string, object?>)AdmissionRequestFactory.Create(pod, null, RequestOptions.Default, new PspReplacement.Kubernetes.ApiServerDecoder(PspReplacement.Cel.KubernetesVersion.Latest)).Request!.Object!["metadata"]!)["namespace"]);
    }
}
