/**
 * The `sextant` command line: global flags, then one file per command.
 */
import { Command, Option } from 'commander';
import type { Logger } from 'pino';
import { createLogger, LOG_LEVELS, type LogLevel } from '../adapters/log.js';
import { registerDiff } from './diff.js';
import { registerPlanned } from './planned.js';
import { registerHistory } from './history.js';
import { registerIntentCommands } from './intent-commands.js';
import { registerRollback } from './rollback.js';
import { registerRun } from './run.js';
import { registerSandbox } from './sandbox.js';
import { registerStatus } from './status.js';
import { registerSync } from './sync.js';
import { registerUp } from './up.js';
import { registerValidate } from './validate.js';

export function buildProgram(version: string): Command {
  const program = new Command('sextant');
  program
    .description('GitOps for Kubernetes: keep a cluster equal to a Git repository')
    .version(version)
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('info'))
    .showHelpAfterError();
  let logger: Logger | undefined;
  const getLogger = (): Logger => {
    logger ??= createLogger({ level: program.opts<{ logLevel: LogLevel }>().logLevel });
    return logger;
  };
  registerUp(program, getLogger);
  registerSandbox(program, getLogger);
  registerValidate(program, getLogger);
  registerDiff(program, getLogger);
  registerRun(program, getLogger);
  registerSync(program, getLogger);
  registerStatus(program, getLogger);
  registerHistory(program, getLogger);
  registerRollback(program, getLogger);
  registerIntentCommands(program, getLogger);
  registerPlanned(program);
  return program;
}
