/**
 * The API group of an apiVersion ('apps/v1' -> 'apps', 'v1' -> '' for the core group): the
 * one spelling used by identities, tracking ids, health rules and the planner.
 */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
