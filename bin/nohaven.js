#!/usr/bin/env node
// The `nohaven` command: runs the compiled CLI (`npm run build` emits dist/).
import process from 'node:process';
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
