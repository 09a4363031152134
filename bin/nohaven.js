#!/usr/bin/env node
// The `nohaven` command: runs the bundled CLI (`npm run build` writes dist/nohaven.mjs).
import process from 'node:process';
import { main } from '../dist/nohaven.mjs';

process.exitCode = await main(process.argv.slice(2));
