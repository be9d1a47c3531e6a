/**
 * The graph of applications formed by `spec.dependsOn`: unknown names and cycles are errors, and
 * the order it yields (every app after the apps it depends on) is the order of Snapshot.apps.
 */
import type { ManifestError, SourcePosition } from '../snapshot.js';
import { orderByDependencies } from './graph-order.js';
import { suggest } from './shape.js';

export interface AppNode {
  name: string;
  dependsOn: readonly string[];
  /** Where dependsOn[i] is written in app.yaml. */
  locateDependency(index: number): SourcePosition;
}

export function checkAppGraph(apps: readonly AppNode[]): { order: string[]; errors: ManifestError[] } {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const names = [...byName.keys()];
  const errors: ManifestError[] = [];
  for (const app of apps) {
    app.dependsOn.forEach((dependency, i) => {
      if (byName.has(dependency)) return;
      const hint = suggest(dependency, names);
      errors.push({
        ...app.locateDependency(i),
        code: 'unknown-app',
        message: `dependsOn names unknown application "${dependency}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      });
    });
  }
  const { order, cycles } = orderByDependencies(names, (name) => byName.get(name)?.dependsOn ?? []);
  for (const cycle of cycles) {
    const [first = '', second = ''] = cycle;
    const app = byName.get(first);
    if (!app) continue;
    errors.push({
      ...app.locateDependency(app.dependsOn.indexOf(second)),
      code: 'dependency-cycle',
      message: `dependency cycle between applications: ${cycle.join(' -> ')}`,
    });
  }
  return { order, errors };
}
