/**
 * Applies the request's fieldValidation directive to what the schema validators found:
 * Strict rejects unknown fields (400), Warn (the default) turns them into Warning headers,
 * Ignore drops them silently. Wrong types are always a 400, missing required fields a 422.
 */
import { badRequest, invalid } from '../errors.js';
import { nameOf, type Obj, type ResourceType } from '../model.js';
import {
  decodeFailureMessage,
  pruneUnknownFields,
  unknownFieldWarnings,
  validateBuiltin,
  validateCustom,
} from '../schema/validate.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(v: string | null | undefined): FieldValidation {
  if (v === undefined || v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation parameter unsupported: ${v}`);
}

/** Validates obj in place (unknown fields are dropped, as decoding does); returns warnings for the response. */
export function checkSchema(t: ResourceType, obj: Obj, mode: FieldValidation): { object: Obj; warnings: string[] } {
  const gvk = { group: t.group, version: t.version, kind: t.kind };
  const result = t.builtin ? validateBuiltin(gvk, obj, { pruneUnknown: true }) : validateCustom(t, obj);
  const failure = decodeFailureMessage(t.kind, t.version, result, mode === 'Strict');
  if (failure) throw badRequest(failure);
  const warnings = mode === 'Warn' ? unknownFieldWarnings(result) : [];
  if (result.invalid.length > 0) throw invalid(t, nameOf(obj), result.invalid);
  return { object: t.builtin ? obj : pruneUnknownFields(t, obj), warnings };
}
