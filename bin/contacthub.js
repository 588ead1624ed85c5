#!/usr/bin/env node
// Entry point of the command line; the TypeScript sources are compiled to dist/ by `npm run build`
// (which `npm ci` runs through the `prepare` script).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
