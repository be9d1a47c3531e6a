/**
 * The three non-apply patch types, dispatched by the request's Content-Type.
 */
import { ApiError, badRequest } from '../errors.js';
import { isObj, type Obj, type ResourceType } from '../model.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { applyStrategicMergePatch } from '../patch/strategic-merge.js';
import { listTypesFor } from './list-types.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export function applyPatchBody(t: ResourceType, base: Obj, type: Exclude<PatchType, 'apply'>, body: unknown): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(base, body);
    case 'merge':
      if (!isObj(body)) throw badRequest('merge patch must be a JSON object');
      return applyMergePatch(base, body);
    case 'strategic':
      // As on a real apiserver: custom resources have no Go struct tags to merge by.
      if (!t.builtin)
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      if (!isObj(body)) throw badRequest('strategic merge patch must be a JSON object');
      return applyStrategicMergePatch(base, body, listTypesFor(t));
  }
}
