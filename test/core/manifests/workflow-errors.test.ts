import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src/core/manifests/load.js';
import { createFakeValidator } from './fake-validator.js';
import { readFixture, report } from './fixture-files.js';

describe('errors in Workflow, CronWorkflow and WorkflowTemplate documents', () => {
  const snapshot = loadSnapshot(readFixture('broken-workflows'), { validator: createFakeValidator() });

  it('are all reported at once, sorted, each at its exact position', () => {
    expect(report(snapshot)).toEqual([
      'workflows/more.yaml:6:3: missing required field "spec.entrypoint" [missing-field]',
      'workflows/more.yaml:15:3: missing required field "spec.workflowSpec" [missing-field]',
      'workflows/more.yaml:15:13: invalid cron schedule "0 3 * *": a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), not 4 [invalid-schedule]',
      'workflows/more.yaml:16:13: unknown time zone "Moon/Base" [invalid-time-zone]',
      'workflows/more.yaml:23:14: spec.templates: expected list, got mapping [wrong-type]',
      'workflows/more.yaml:25:1: WorkflowTemplate "shared" is declared twice: at workflows/more.yaml:18:1 and at workflows/more.yaml:25:1 [duplicate-object]',
      'workflows/more.yaml:34:57: dependency cycle in the dag of template "self": loop -> loop [dag-cycle]',
      'workflows/pipeline.yaml:6:15: template "mian" is not defined in this Workflow (did you mean "main"?) [unknown-template]',
      'workflows/pipeline.yaml:7:11: template "cleanup" is not defined in this Workflow [unknown-template]',
      'workflows/pipeline.yaml:12:54: dependency cycle in the dag of template "main": a -> c -> b -> a [dag-cycle]',
      'workflows/pipeline.yaml:14:48: task "c" depends on "d", which is not a task of this dag [unknown-task]',
      'workflows/pipeline.yaml:15:20: task "a" is defined twice (first at line 12) [duplicate-task]',
      'workflows/pipeline.yaml:16:33: template "wrok" is not defined in this Workflow (did you mean "work"?) [unknown-template]',
      'workflows/pipeline.yaml:17:13: spec.templates[0].dag.tasks[5] needs one of template, templateRef or inline [missing-field]',
      'workflows/pipeline.yaml:20:13: template "main" is defined twice (first at line 9) [duplicate-template]',
      'workflows/pipeline.yaml:22:35: template "missing" is not defined in this Workflow [unknown-template]',
      'workflows/pipeline.yaml:25:11: spec.templates[3].steps[0]: expected a list of parallel steps, got mapping [wrong-type]',
      'workflows/pipeline.yaml:26:7: template spec.templates[4] has no name [missing-field]',
      'workflows/wrong.yaml:2:7: a Policy belongs under policies/ [misplaced-kind]',
      'workflows/wrong.yaml:7:7: workflows/ holds only Workflow, CronWorkflow and WorkflowTemplate documents; plain Kubernetes objects belong under apps/<app>/ [misplaced-kind]',
      'workflows/wrong.yaml:11:7: workflows/ holds only Workflow, CronWorkflow and WorkflowTemplate documents; plain Kubernetes objects belong under apps/<app>/ [misplaced-kind]',
    ]);
  });
});
