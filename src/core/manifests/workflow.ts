/**
 * Structural check of Workflow, CronWorkflow and WorkflowTemplate documents (Argo Workflows' shape,
 * under argoproj.io/v1alpha1 or sextant.dev/v1alpha1): the entrypoint and onExit exist, template
 * names are unique, steps and DAG tasks reference existing templates and tasks, and a DAG has no
 * dependency cycle. Their full schema comes with the workflow engine; unknown fields pass here.
 */
import type { ManifestError, Obj } from '../snapshot.js';
import { orderByDependencies } from './graph-order.js';
import { errorAt, type ManifestDoc } from './manifest-doc.js';
import { checkCronExpression, isValidTimeZone } from './schedule.js';
import { describeType, formatPath, isObj, suggest, type Path } from './shape.js';

export const WORKFLOW_KINDS = ['Workflow', 'CronWorkflow', 'WorkflowTemplate'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];
export const WORKFLOW_API_VERSIONS: readonly string[] = ['argoproj.io/v1alpha1', 'sextant.dev/v1alpha1'];

export function isWorkflowKind(kind: string): kind is WorkflowKind {
  return (WORKFLOW_KINDS as readonly string[]).includes(kind);
}

/** Argo's task results that a `depends` expression may test, e.g. `build.Succeeded`. */
const TASK_RESULT = /\.(Succeeded|Failed|Errored|Skipped|Omitted|Daemoned|AnySucceeded|AllFailed)$/;

export function checkWorkflow(doc: ManifestDoc, kind: WorkflowKind): ManifestError[] {
  const errors: ManifestError[] = [];
  const spec = requireMap(doc, ['spec'], errors);
  if (!spec) return errors;
  let specPath: Path = ['spec'];
  let workflowSpec: Obj | undefined = spec;
  if (kind === 'CronWorkflow') {
    checkCronSchedule(doc, spec, errors);
    specPath = ['spec', 'workflowSpec'];
    workflowSpec = requireMap(doc, specPath, errors);
  }
  if (workflowSpec) checkWorkflowSpec(doc, kind, workflowSpec, specPath, errors);
  return errors;
}

function checkCronSchedule(doc: ManifestDoc, spec: Obj, errors: ManifestError[]): void {
  const schedules: [string, Path][] = [];
  if (typeof spec.schedule === 'string') schedules.push([spec.schedule, ['spec', 'schedule']]);
  if (Array.isArray(spec.schedules)) {
    spec.schedules.forEach((s, i) => {
      if (typeof s === 'string') schedules.push([s, ['spec', 'schedules', i]]);
    });
  }
  if (spec.schedule === undefined && spec.schedules === undefined) {
    errors.push(errorAt(doc, ['spec', 'schedule'], 'missing-field', 'missing required field "spec.schedule"'));
  }
  for (const [schedule, path] of schedules) {
    const problem = checkCronExpression(schedule);
    if (problem) errors.push(errorAt(doc, path, 'invalid-schedule', `invalid cron schedule "${schedule}": ${problem}`));
  }
  if (typeof spec.timezone === 'string' && !isValidTimeZone(spec.timezone)) {
    errors.push(errorAt(doc, ['spec', 'timezone'], 'invalid-time-zone', `unknown time zone "${spec.timezone}"`));
  }
}

function checkWorkflowSpec(
  doc: ManifestDoc,
  kind: WorkflowKind,
  spec: Obj,
  specPath: Path,
  errors: ManifestError[],
): void {
  // A workflow that runs a WorkflowTemplate takes its templates (and their names) from there.
  const external = isObj(spec.workflowTemplateRef);
  const templates = readNamed(doc, spec.templates, [...specPath, 'templates'], 'template', errors);
  const known = [...templates.keys()];
  const checkName = (value: unknown, path: Path): void => {
    if (external || typeof value !== 'string' || templates.has(value)) return;
    const hint = suggest(value, known);
    const msg = `template "${value}" is not defined in this ${kind}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    errors.push(errorAt(doc, path, 'unknown-template', msg));
  };
  if (spec.entrypoint === undefined && kind !== 'WorkflowTemplate' && !external) {
    errors.push(
      errorAt(
        doc,
        [...specPath, 'entrypoint'],
        'missing-field',
        `missing required field "${formatPath([...specPath, 'entrypoint'])}"`,
      ),
    );
  }
  checkName(spec.entrypoint, [...specPath, 'entrypoint']);
  checkName(spec.onExit, [...specPath, 'onExit']);

  // Every template body is checked, a duplicate's too: fixing the name should not reveal new errors.
  (Array.isArray(spec.templates) ? spec.templates : []).forEach((template, i) => {
    if (!isObj(template)) return;
    const path = [...specPath, 'templates', i];
    const name = typeof template.name === 'string' ? template.name : `#${i}`;
    if (template.steps !== undefined) checkSteps(doc, template.steps, [...path, 'steps'], checkName, errors);
    if (template.dag !== undefined) checkDag(doc, name, template.dag, [...path, 'dag'], checkName, errors);
  });
}

type NameCheck = (value: unknown, path: Path) => void;

function checkSteps(doc: ManifestDoc, steps: unknown, path: Path, checkName: NameCheck, errors: ManifestError[]): void {
  if (!Array.isArray(steps)) {
    errors.push(errorAt(doc, path, 'wrong-type', `${formatPath(path)}: expected a list of step groups`));
    return;
  }
  steps.forEach((group, g) => {
    if (!Array.isArray(group)) {
      errors.push(
        errorAt(
          doc,
          [...path, g],
          'wrong-type',
          `${formatPath([...path, g])}: expected a list of parallel steps, got ${describeType(group)}`,
        ),
      );
      return;
    }
    readNamed(doc, group, [...path, g], 'step', errors, false);
    group.forEach((step, s) => {
      if (isObj(step)) checkReference(doc, step, [...path, g, s], checkName, errors);
    });
  });
}

function checkDag(
  doc: ManifestDoc,
  template: string,
  dag: unknown,
  path: Path,
  checkName: NameCheck,
  errors: ManifestError[],
): void {
  if (!isObj(dag)) {
    errors.push(errorAt(doc, path, 'wrong-type', `${formatPath(path)}: expected mapping, got ${describeType(dag)}`));
    return;
  }
  if (dag.tasks === undefined) {
    errors.push(
      errorAt(doc, [...path, 'tasks'], 'missing-field', `missing required field "${formatPath([...path, 'tasks'])}"`),
    );
    return;
  }
  const tasks = readNamed(doc, dag.tasks, [...path, 'tasks'], 'task', errors);
  const edges = new Map<string, Map<string, Path>>(); // task -> dependency -> where it is written
  for (const [name, { value, path: taskPath }] of tasks) {
    checkReference(doc, value, taskPath, checkName, errors);
    const deps = new Map<string, Path>();
    if (Array.isArray(value.dependencies)) {
      value.dependencies.forEach((d, i) => {
        if (typeof d === 'string') deps.set(d, [...taskPath, 'dependencies', i]);
      });
    }
    if (typeof value.depends === 'string') {
      for (const d of value.depends.replace(/&&|\|\||[()!]/g, ' ').split(/\s+/)) {
        if (d !== '') deps.set(d.replace(TASK_RESULT, ''), [...taskPath, 'depends']);
      }
    }
    for (const [d, at] of deps) {
      if (tasks.has(d)) continue;
      const hint = suggest(d, [...tasks.keys()]);
      const msg = `task "${name}" depends on "${d}", which is not a task of this dag${hint ? ` (did you mean "${hint}"?)` : ''}`;
      errors.push(errorAt(doc, at, 'unknown-task', msg));
    }
    edges.set(name, deps);
  }
  const { cycles } = orderByDependencies([...tasks.keys()], (t) => [...(edges.get(t)?.keys() ?? [])]);
  for (const cycle of cycles) {
    const [first = '', second = ''] = cycle;
    const at = edges.get(first)?.get(second) ?? path;
    errors.push(
      errorAt(doc, at, 'dag-cycle', `dependency cycle in the dag of template "${template}": ${cycle.join(' -> ')}`),
    );
  }
}

/** A step or task runs a template of this document, one from a WorkflowTemplate, or an inline one. */
function checkReference(doc: ManifestDoc, item: Obj, path: Path, checkName: NameCheck, errors: ManifestError[]): void {
  if (item.template !== undefined) {
    checkName(item.template, [...path, 'template']);
  } else if (item.templateRef === undefined && item.inline === undefined) {
    errors.push(
      errorAt(doc, path, 'missing-field', `${formatPath(path)} needs one of template, templateRef or inline`),
    );
  }
}

/** The items of a list by their `name`, reporting missing, mistyped and (when unique) repeated names. */
function readNamed(
  doc: ManifestDoc,
  list: unknown,
  path: Path,
  what: string,
  errors: ManifestError[],
  unique = true,
): Map<string, { value: Obj; path: Path }> {
  const named = new Map<string, { value: Obj; path: Path }>();
  if (list === undefined) return named;
  if (!Array.isArray(list)) {
    errors.push(errorAt(doc, path, 'wrong-type', `${formatPath(path)}: expected list, got ${describeType(list)}`));
    return named;
  }
  list.forEach((item, i) => {
    const itemPath = [...path, i];
    if (!isObj(item)) {
      errors.push(
        errorAt(doc, itemPath, 'wrong-type', `${formatPath(itemPath)}: expected mapping, got ${describeType(item)}`),
      );
      return;
    }
    if (typeof item.name !== 'string' || item.name === '') {
      errors.push(errorAt(doc, [...itemPath, 'name'], 'missing-field', `${what} ${formatPath(itemPath)} has no name`));
      return;
    }
    const first = named.get(item.name);
    if (first && unique) {
      const line = doc.locate([...first.path, 'name']).line;
      errors.push(
        errorAt(
          doc,
          [...itemPath, 'name'],
          `duplicate-${what}`,
          `${what} "${item.name}" is defined twice (first at line ${line})`,
        ),
      );
      return;
    }
    if (!first) named.set(item.name, { value: item, path: itemPath });
  });
  return named;
}

function requireMap(doc: ManifestDoc, path: Path, errors: ManifestError[]): Obj | undefined {
  let value: unknown = doc.value;
  for (const segment of path) value = isObj(value) ? value[segment] : undefined;
  if (isObj(value)) return value;
  const field = formatPath(path);
  errors.push(
    value === undefined || value === null
      ? errorAt(doc, path, 'missing-field', `missing required field "${field}"`)
      : errorAt(doc, path, 'wrong-type', `${field}: expected mapping, got ${describeType(value)}`),
  );
  return undefined;
}
