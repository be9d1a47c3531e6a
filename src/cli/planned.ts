/**
 * Commands of the product contract (shared DESIGN.md) that this build does not have yet. They are
 * listed so `sextant --help` shows the whole tool, and fail with a clear one-line reason.
 */
import type { Command } from 'commander';

const PLANNED: [string, string][] = [['workflow', 'submit and inspect workflows']];

export function registerPlanned(program: Command): void {
  for (const [name, description] of PLANNED) {
    program
      .command(name, { hidden: false })
      .description(`${description} (not in this build yet)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        process.stderr.write(`sextant ${name}: not available in this build yet\n`);
        process.exitCode = 2;
      });
  }
}
