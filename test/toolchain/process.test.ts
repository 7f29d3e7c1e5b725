// src/toolchain/process.ts: the child-process runner every build step goes through (output, exit status, spawn
// failures, the time limit) and the bounded pool the C/C++ compiles run in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureDetail, runPool, runProcess } from '../../src/toolchain/process.js';

const node = process.execPath;

describe('runProcess', () => {
  it('captures stdout, stderr (also as it arrives) and the exit status', async () => {
    const chunks: string[] = [];
    const r = await runProcess(node, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'], {
      onStderr: (s) => chunks.push(s),
    });
    assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut }, { code: 3, stdout: 'out', stderr: 'err', timedOut: false });
    assert.equal(chunks.join(''), 'err');
    assert.equal(failureDetail(r), 'err');
    assert.ok(Object.isFrozen(r));
  });

  it('passes the working directory and environment', async () => {
    const r = await runProcess(node, ['-e', 'process.stdout.write(process.cwd() + "|" + process.env.ZKVM_T)'], {
      cwd: '/',
      env: { ZKVM_T: 'x' },
    });
    assert.equal(r.stdout, '/|x');
  });

  it('reports a program that cannot start in `error`, without throwing', async () => {
    const r = await runProcess('/nonexistent/zkvm-no-such-tool', []);
    assert.equal(r.code, null);
    assert.match(r.error?.message ?? '', /ENOENT/);
    assert.match(failureDetail(r), /ENOENT/);
  });

  it('kills a process that runs past its time limit', async () => {
    const t0 = performance.now();
    const r = await runProcess(node, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 200 });
    assert.equal(r.timedOut, true);
    assert.notEqual(r.code, 0);
    assert.ok(performance.now() - t0 < 30_000);
  });
});

describe('runPool', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const tasks = [30, 5, 20, 1, 10, 0].map((ms, i) => async () => {
      peak = Math.max(peak, ++running);
      await new Promise((done) => setTimeout(done, ms));
      running--;
      return i;
    });
    assert.deepEqual(await runPool(tasks, 2), [0, 1, 2, 3, 4, 5]);
    assert.equal(peak, 2);
    assert.deepEqual(await runPool([], 4), []);
  });
});
