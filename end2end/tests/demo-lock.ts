import fs from 'node:fs';
import path from 'node:path';
import { test, type TestInfo } from '@playwright/test';

// Tests in different files run in different workers at the same time, all against one
// server and one demo customer. A test that changes that customer's data (points,
// notifications, requests...) takes this lock for its whole run, so another file's test
// never sees its points or unread count move under it. The lock is a directory in the run's output
// directory, which Playwright empties at the start of every run.

let held: string | undefined;

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/// Whether the lock at `dir` was left by a worker that is gone.
function stale(dir: string) {
  try {
    const owner = Number(fs.readFileSync(path.join(dir, 'owner'), 'utf8'));
    return Number.isInteger(owner) && owner > 0 && !alive(owner);
  } catch {
    // Taken but not yet signed: stale only if that never happened.
    try {
      return Date.now() - fs.statSync(dir).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
}

async function acquire(testInfo: TestInfo) {
  const dir = path.join(testInfo.project.outputDir, '.demo-customer.lock');
  fs.mkdirSync(testInfo.project.outputDir, { recursive: true });
  const started = Date.now();
  const own = testInfo.timeout;
  // Room to wait; set back below to the test's own time plus the wait.
  testInfo.setTimeout(own + 120_000);
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'owner'), String(process.pid));
      held = dir;
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (stale(dir)) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Waiting for another file's test is not this test's time.
  testInfo.setTimeout(own + (Date.now() - started));
}

/// Call inside a `test.describe` whose tests change the demo customer: each of them then
/// runs while no other such test (in any file) does.
export function oneDemoChangeAtATime() {
  test.beforeEach(async ({}, testInfo) => {
    await acquire(testInfo);
  });
  test.afterEach(async () => {
    if (held) {
      fs.rmSync(held, { recursive: true, force: true });
      held = undefined;
    }
  });
}
