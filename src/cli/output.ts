/** How commands print: a human line, or JSON with --json. Errors are one line on stderr. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function printResult(
  output: Output,
  json: boolean | undefined,
  value: unknown,
  human: string,
): void {
  output.out(json ? JSON.stringify(value, null, 2) : human);
}
