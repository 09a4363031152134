import { buildCliBundle } from './support/cli-bundle.js';

/** Runs once before all test files: builds the CLI bundle that spawned `nohaven` processes run. */
export default async function setup(): Promise<void> {
  await buildCliBundle();
}
