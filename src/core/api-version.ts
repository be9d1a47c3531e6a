/**
 * Reading apiVersions. The API group of an apiVersion ('apps/v1' -> 'apps', 'v1' -> '' for the core group): the
 * one spelling used by identities, tracking ids, health rules and the planner.
 */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export interface ApiVersion {
  group: string; // '' for the core group
  version: string;
}

/** 'apps/v1' => {group: 'apps', version: 'v1'}; 'v1' => the core group. */
export function parseApiVersion(apiVersion: string): ApiVersion {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
