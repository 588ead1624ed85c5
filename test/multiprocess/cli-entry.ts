// Runs the command line from the TypeScript sources (node --import tsx), as bin/contacthub.js
// runs it from dist/: the multi-process tests need no build step.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
