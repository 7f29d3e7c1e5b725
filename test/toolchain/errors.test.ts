// src/toolchain/errors.ts: one base class for every guest build failure, so callers (the CLI) classify with one
// instanceof, while each error keeps its code, its own name and the tool's diagnostics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RustToolchainError, ToolchainError } from '../../src/toolchain/index.js';

describe('toolchain errors', () => {
  it('a Rust build error is a ToolchainError with its own name, code and diagnostics', () => {
    const e = new RustToolchainError('build-failed', 'cargo build failed', 'error[E0425]', ['cargo', 'build']);
    assert.ok(e instanceof ToolchainError && e instanceof Error);
    assert.deepEqual([e.name, e.code, e.message, e.stderr, e.command], ['RustToolchainError', 'build-failed', 'cargo build failed', 'error[E0425]', ['cargo', 'build']]);
    assert.match(String(e), /^RustToolchainError: cargo build failed/);
  });

  it('a C/C++ build error defaults to no diagnostics and no command', () => {
    const e = new ToolchainError('bad-options', 'no sources');
    assert.ok(!(e instanceof RustToolchainError));
    assert.deepEqual([e.name, e.code, e.stderr, e.command], ['ToolchainError', 'bad-options', '', []]);
  });
});
