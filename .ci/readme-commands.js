#!/usr/bin/env node
// Prints the README's two commands (the fenced `sh` blocks under "## Two commands": the main job, then the tests),
// one per line, so CI runs exactly what a newcomer reads. Fails if the section or either block is missing.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const section = readme.split(/^## /m).find((s) => s.startsWith("Two commands"));
if (section === undefined) {
  console.error('README.md has no "## Two commands" section');
  process.exit(1);
}
const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
if (blocks.length !== 2 || blocks.some((b) => b === "" || b.includes("\n"))) {
  console.error(`README.md "Two commands" must hold exactly two one-line sh blocks, found: ${JSON.stringify(blocks)}`);
  process.exit(1);
}
console.log(blocks.join("\n"));
