import { Command, CommanderError } from 'commander';
import { ConfigError } from '../platform/config.js';
import { isDomainError } from '../shared/errors.js';
import { registerCoreCommands } from './commands/core.js';
import { registerOperatorCommands } from './commands/operator.js';
import { registerOutboxCommands } from './commands/outbox.js';
import { registerServeCommands } from './commands/serve.js';
import { registerImportCommands } from './commands/import.js';
import { processOutput, type Output } from './output.js';

export function buildProgram(output: Output): Command {
  const program = new Command('contacthub')
    .description('service contacts with two-party validated change requests')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => output.out(s.trimEnd()),
      // Commander's errors may add a second line ("(Did you mean account?)"): one line each.
      writeErr: (s) =>
        output.err(s.startsWith('error:') ? s.trim().replace(/\s*\n\s*/g, ' ') : s.trimEnd()),
    })
    .showHelpAfterError(false);
  registerCoreCommands(program, output);
  registerOperatorCommands(program, output);
  registerOutboxCommands(program, output);
  registerServeCommands(program, output);
  registerImportCommands(program, output);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

/** Runs the command line; returns the exit code. Every error is one line on stderr. */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const program = buildProgram(output);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander printed its line
    if (isDomainError(error) || error instanceof ConfigError) {
      output.err(`contacthub: ${error.message}`);
      return isDomainError(error) ? 1 : 2;
    }
    output.err(
      `contacthub: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    return 1;
  }
}
