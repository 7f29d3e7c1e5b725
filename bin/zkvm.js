#!/usr/bin/env node
// Entry point of the `zkvm` command. The CLI is compiled to dist/ by `npm install` (the `prepare` script).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv);
