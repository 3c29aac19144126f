namespace PspReplacement.Config;

/// <summary>values: controllers — what the controllers (Deployments, Jobs, ...) get from a pod policy: nothing, warnings only, or the pods' own actions.</summary>
public enum ControllerMode { Off, Warn, Same }
