/**
 * How fast the simulated cluster moves, and which images it pretends cannot be pulled.
 */

export interface ControllerOptions {
  /** A pod becomes Running and Ready this long after it is scheduled (default 300). */
  readyDelayMs: number;
  /** A Job pod (or a run-to-completion pod) runs this long, then Succeeded (default 500). */
  jobPodDurationMs: number;
  /** Images whose tag matches never start: ErrImagePull, then ImagePullBackOff (default /^fail/). */
  failImageTag: RegExp;
  /** Told about sync errors that are retried or given up on; the sandbox logs them. */
  onError?: (controller: string, key: string, err: unknown) => void;
}

export const defaultControllerOptions: ControllerOptions = {
  readyDelayMs: 300,
  jobPodDurationMs: 500,
  failImageTag: /^fail/,
};
