/**
 * Container resource requirements as ValidateContainerResourceRequirements checks them:
 * standard resource names, non-negative quantities, requests within limits (equal to them for
 * resources that cannot be overcommitted, like hugepages and extended resources).
 */
import type { StatusCause } from '../errors.js';
import type { Obj } from '../model.js';
import { compareQuantity, formatQuantity, parseQuantity } from './defaults-quantity.js';
import { child, goQuote, invalid, key, NEGATIVE, required } from './semantic-errors.js';
import { objAt } from './semantic-json.js';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !name.startsWith('hugepages-');
}

function validateResourceName(name: string, path: string): StatusCause[] {
  if (name.split('/').length === 1) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-'))
      return [invalid(path, goQuote(name), 'must be a standard resource for containers')];
  }
  return [];
}

/** ValidateContainerResourceRequirements: names, non-negative values, requests within limits. */
export function validateResources(resources: Obj | undefined, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const limits = objAt(resources, 'limits') ?? {};
  const requests = objAt(resources, 'requests') ?? {};
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  for (const [name, raw] of Object.entries(limits)) {
    out.push(...validateResourceName(name, key(limPath, name)));
    const q = parseQuantity(raw);
    if (q && q.mantissa < 0n) out.push(invalid(key(limPath, name), goQuote(formatQuantity(q)), NEGATIVE));
  }
  for (const [name, raw] of Object.entries(requests)) {
    out.push(...validateResourceName(name, key(reqPath, name)));
    const q = parseQuantity(raw);
    if (!q) continue;
    if (q.mantissa < 0n) out.push(invalid(key(reqPath, name), goQuote(formatQuantity(q)), NEGATIVE));
    const limit = parseQuantity(limits[name]);
    if (limit) {
      const cmp = compareQuantity(q, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name))
        out.push(
          invalid(reqPath, goQuote(formatQuantity(q)), `must be equal to ${name} limit of ${formatQuantity(limit)}`),
        );
      else if (cmp > 0)
        out.push(
          invalid(
            reqPath,
            goQuote(formatQuantity(q)),
            `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
    } else if (!isOvercommitAllowed(name)) {
      out.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return out;
}
