// The command line run from the TypeScript sources, for tests that start `serve` as a process.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
