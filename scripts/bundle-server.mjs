// Bundles the server and CLI into one ES module, dist/nohaven.mjs: a node then loads one file
// instead of some thousand modules, which halves its cold start (DESIGN.md: ≤ 1 s).
// Native addons and packages that read files next to their own code stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/nohaven.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', 'pg-native', '@fastify/swagger-ui', '@fastify/static'],
  // Bundled CommonJS dependencies still call require().
  banner: {
    js: "import { createRequire as __nohavenRequire } from 'node:module'; const require = __nohavenRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
