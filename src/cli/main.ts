/**
 * The paperlink command line: program, global options, error presentation and exit codes.
 * Each command lives in commands/ and only parses options, calls one ENTRY function and prints a summary.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_USER_ERROR, presentError } from './present-error.js';
import { DEFAULT_WORKSPACE, globalOptions } from './global-options.js';
import { registerPrintCommands } from './commands/print.js';
import { registerReviewCommands } from './commands/review.js';
import { registerSimulateCommands } from './commands/simulate.js';
import { registerExerciseCommands } from './commands/exercise.js';
import { registerScanCommands } from './commands/scan.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerReportCommands } from './commands/report.js';
import { registerInspectCommands } from './commands/inspect.js';
import { registerFamilyLinksCommands } from './commands/family-links.js';
import { registerBundleCommands } from './commands/bundle.js';
import { registerWorkspaceCommands } from './commands/workspace.js';
import { registerSealCommands } from './commands/seal.js';
import { registerRadioCommands } from './commands/radio.js';
import { unlockForCommand } from './passphrase.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('paperlink')
    .description('Offline paper-and-QR fallback for Red Cross field work: print forms, scan them back, report the signal.')
    .option('--workspace <dir>', `workspace folder, or a postgres:// URL for a store several stations share (default ${DEFAULT_WORKSPACE}, or env PAPERLINK_WORKSPACE)`)
    .option('--forms <dir...>', 'add a folder of your own form definitions')
    .option('--json', 'machine-readable output')
    .showHelpAfterError('(run `paperlink --help` or `paperlink <command> --help` for the options)')
    .exitOverride();
  registerPrintCommands(program);
  registerReviewCommands(program);
  registerSimulateCommands(program);
  registerExerciseCommands(program);
  registerScanCommands(program);
  registerDemoCommands(program);
  registerReportCommands(program);
  registerInspectCommands(program);
  registerFamilyLinksCommands(program);
  registerBundleCommands(program);
  registerWorkspaceCommands(program);
  registerSealCommands(program);
  registerRadioCommands(program);
  // An encrypted workspace: ask for its passphrase once, before the command opens it (commands that set a key ask themselves).
  program.hook('preAction', async (_program, action) => {
    if (['init', 'encrypt', 'rekey', 'new', 'unseal'].includes(action.name())) return;
    await unlockForCommand(globalOptions(action).workspace);
  });
  return program;
}

export async function run(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its own message (help, version, unknown option); keep its exit code for help.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USER_ERROR;
      return;
    }
    const { text, exitCode } = presentError(error);
    process.stderr.write(`${text}\n`);
    process.exitCode = exitCode;
  }
}
