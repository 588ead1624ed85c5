import { buildProgram, main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line in this process, as `contacthub ...args`, capturing what it prints. */
export async function runCli(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(args, output);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Every verb of the command line, as the words that reach it (`invoice pay`, `migrate`…). */
export function allVerbs(): string[][] {
  const silent: Output = { out: () => {}, err: () => {} };
  const verbs: string[][] = [];
  for (const command of buildProgram(silent).commands) {
    if (command.commands.length === 0) verbs.push([command.name()]);
    for (const sub of command.commands) verbs.push([command.name(), sub.name()]);
  }
  return verbs;
}
