#!/usr/bin/env bun
// Leadlens entry point: `bun src/cli.ts <command>`; the compiled binary runs the same CLI.
import { runCli } from './cli/main.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
process.exitCode = code;
