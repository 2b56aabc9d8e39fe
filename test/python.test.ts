/**
 * A Python merchant's main flows (test/python/flows.py), with Debian's python3-stripe, against
 * the server door (issue #17). `.ci/run` installs python3-stripe; without it this test is skipped.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { startServer } from '../src/adapters/server.js';

const PYTHON = '/usr/bin/python3';

function hasStripePython(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import stripe, requests'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// CI (.ci/run) sets ONERWAY_SIM_REQUIRE_PYTHON: there a missing client fails rather than skips.
it.skipIf(!hasStripePython() && !process.env['ONERWAY_SIM_REQUIRE_PYTHON'])('python3-stripe drives the server through the main flows', async () => {
  const server = await startServer();
  try {
    const { stdout } = await promisify(execFile)(PYTHON, ['test/python/flows.py', server.url], { timeout: 60_000 });
    expect(stdout).toContain('python flows: all passed');
    expect(stdout).not.toContain('FAILED');
  } catch (e) {
    throw new Error(`python flows failed:\n${(e as { stdout?: string }).stdout ?? ''}\n${(e as { stderr?: string }).stderr ?? ''}`);
  } finally {
    await server.close();
  }
}, 90_000);
