using System.Text.Json.Nodes;

namespace PspReplacement.Yaml;

/// <summary>
/// Finds what a typed model dropped: the first field or value of the original JSON that a round trip through the
/// model (deserialize, serialize) lost or changed. Render and the policy loader use it so that no field is silently lost.
/// </summary>
public static class JsonLoss
{
    /// <summary>The JSON pointer of the first difference (in written order), or null when the two are equal.</summary>
    public static string? FirstDifference(JsonNode? original, JsonNode? roundTripped, string pointer = "")
    {
        switch (original)
        {
            case JsonObject o:
                if (roundTripped is not JsonObject r) return pointer;
                foreach (var (key, value) in o)
                {
                    var child = $"{pointer}/{key.Replace("~", "~0").Replace("/", "~1")}";
                    if (!r.TryGetPropertyValue(key, out var other))
                    {
                        // The model omits empty values; an empty list or map written by the user is not a loss.
                        if (value is null || value is JsonArray { Count: 0 } || value is JsonObject { Count: 0 }) continue;
                        return child;
                    }
                    var found = FirstDifference(value, other, child);
                    if (found is not null) return found;
                }
                foreach (var (key, value) in r)
                    if (!o.ContainsKey(key) && value is not null) return $"{pointer}/{key}";
                return null;
            case JsonArray a:
                if (roundTripped is not JsonArray ra) return pointer;
                for (var i = 0; i < Math.Max(a.Count, ra.Count); i++)
                {
                    if (i >= a.Count || i >= ra.Count) return $"{pointer}/{i}";
                    var found = FirstDifference(a[i], ra[i], $"{pointer}/{i}");
                    if (found is not null) return found;
                }
                return null;
            default:
                return JsonNode.DeepEquals(original, roundTripped) ? null : pointer;
        }
    }
}
