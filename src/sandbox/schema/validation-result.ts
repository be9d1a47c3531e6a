/**
 * What schema validation found in a request body, and the exact texts kube-apiserver 1.32 builds
 * from it for each fieldValidation mode (Strict 400, Warn warning headers, decode errors 400).
 */
import type { StatusCause } from '../errors.js';

export interface ValidationResult {
  /**
   * Unknown fields with a leading dot, as server-side apply prints them: '.spec.templat',
   * '.spec.template.spec.containers[0].imagee'. Built-in kinds: document order; custom resources:
   * sorted, as pruning reports them.
   */
  unknownFields: string[];
  /**
   * Go decoding errors (built-in kinds only) -> 400 BadRequest. The apiserver reports only the
   * first one; when there is one, unknown fields and `invalid` are never looked at.
   */
  decodeErrors: string[];
  /** Schema violations -> 422 Invalid (required fields; for custom resources every keyword). */
  invalid: StatusCause[];
}

/** `unknown field "spec.templat"`: one strict error, also the text of a Warn-mode warning. */
export function unknownFieldText(path: string): string {
  return `unknown field "${path.replace(/^\./, '')}"`;
}

/** Warn mode: one Warning header (299) per unknown field, in this order. */
export function unknownFieldWarnings(result: ValidationResult): string[] {
  return result.unknownFields.map(unknownFieldText);
}

/**
 * The BadRequest message for a body the decoder rejects, e.g. `Deployment in version "v1" cannot
 * be handled as a Deployment: strict decoding error: unknown field "spec.templat"`.
 * Returns undefined when the body decodes (in Strict mode: and has no unknown fields).
 */
export function decodeFailureMessage(
  kind: string,
  version: string,
  result: ValidationResult,
  strict: boolean,
): string | undefined {
  const prefix = `${kind} in version "${version}" cannot be handled as a ${kind}: `;
  const first = result.decodeErrors[0];
  if (first !== undefined) return prefix + first;
  if (strict && result.unknownFields.length > 0) {
    // sigs.k8s.io/json keeps at most 100 strict errors.
    return `${prefix}strict decoding error: ${result.unknownFields.slice(0, 100).map(unknownFieldText).join(', ')}`;
  }
  return undefined;
}

/** Server-side apply's rejection of an unknown field: `.spec.templat: field not declared in schema`. */
export function applyUnknownFieldMessage(result: ValidationResult): string | undefined {
  const first = result.unknownFields[0];
  return first === undefined ? undefined : `${first}: field not declared in schema`;
}
