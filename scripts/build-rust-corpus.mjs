#!/usr/bin/env node
// Builds the Rust guests of the corpus (guest/corpus/rust-*/) into guest/corpus/rust-NAME/rust-NAME.elf
// with buildRust (src/toolchain/build-rust.ts, so run `npx tsc -p tsconfig.json` first), then runs every ELF
// under qemu-riscv32 with its inputs (`qemu-riscv32 X.elf <private.bin 3<public.bin`) and compares stdout,
// stderr and the exit status with an oracle written here in JavaScript.
//
//   node scripts/build-rust-corpus.mjs [NAME...]       build, then verify (NAME: e.g. sha256 or rust-sha256)
//   node scripts/build-rust-corpus.mjs --no-build      only verify the committed ELFs
//
// All guests share one cargo target directory (outside the repository), so core/alloc are compiled once.
// Builds are deterministic for a given checkout path, but not across paths: an ELF built in another checkout
// had the same code and size with functions in a different order (cargo's per-package hashes, which end up in
// symbol names, include the path of path dependencies), so expect byte differences, not behaviour differences.
// Rebuild and commit the ELFs after changing a guest or the SDK; the inputs (private.bin/public.bin) are fixed
// data committed beside each guest.
import { createHash } from 'node:crypto';
import { existsSync, openSync, closeSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, 'guest', 'corpus');
const toolchainJs = join(root, 'dist', 'src', 'toolchain', 'index.js');

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const names = args.filter((a) => !a.startsWith('--')).map((a) => (a.startsWith('rust-') ? a : `rust-${a}`));

// ---------------------------------------------------------------------------------------------
// Oracles: (dir) => { stdout, stderr (string or RegExp), code }.

const read = (dir, f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : Buffer.alloc(0));
const u64mask = (1n << 64n) - 1n;

const oracles = {
  'rust-sha256': (dir) => ({
    stdout: createHash('sha256').update(read(dir, 'public.bin')).digest('hex') + '\n',
    stderr: '',
    code: 0,
  }),

  'rust-sort': (dir) => {
    const b = read(dir, 'private.bin');
    const v = [];
    for (let i = 0; i + 4 <= b.length; i += 4) v.push(b.readUInt32LE(i));
    v.sort((x, y) => x - y);
    const n = v.length;
    let sum = 0n;
    for (const x of v) sum += BigInt(x);
    let h = 0x811c9dc5;
    for (const x of v) h = Math.imul((h ^ x) >>> 0, 0x01000193) >>> 0;
    const out = [
      `n = ${n}`,
      `min = ${v[0]}`,
      `max = ${v[n - 1]}`,
      `median = ${v[n >> 1]}`,
      `sum = ${sum}`,
      `distinct = ${new Set(v).size}`,
      `checksum = ${h.toString(16).padStart(8, '0')}`,
    ];
    return { stdout: out.join('\n') + '\n', stderr: '', code: 0 };
  },

  'rust-panic': (dir) => {
    const v = read(dir, 'public.bin').readUInt32LE(0);
    const src = readFileSync(join(dir, 'src', 'main.rs'), 'utf8').split('\n');
    const line = src.findIndex((l) => l.includes('panic!(')) + 1;
    return {
      stdout: `checking ${v}\n`,
      stderr: `panicked at src/main.rs:${line}: value ${v} is not a multiple of 7 (remainder ${v % 7})\n`,
      code: 101,
    };
  },

  'rust-wordcount': (dir) => {
    const text = read(dir, 'public.bin');
    const words = text.toString('latin1').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
    const counts = new Map();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const keys = [...counts.keys()].sort();
    const ranked = keys.map((w) => [w, counts.get(w)]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    let out = `bytes: ${text.length}\nwords: ${words.length}\ndistinct: ${counts.size}\n`;
    ranked.slice(0, 10).forEach(([w, c], i) => {
      out += `${String(i + 1).padStart(2)}. ${w.padEnd(12)} ${String(c).padStart(5)}\n`;
    });
    const longest = keys.reduce((best, w) => (w.length > best.length ? w : best), '');
    out += `longest: ${longest} (${longest.length})\n`;
    const hist = new Map();
    for (const w of words) hist.set(w.length, (hist.get(w.length) ?? 0) + 1);
    out += `lengths: ${[...hist.keys()].sort((a, b) => a - b).map((l) => `${l}:${hist.get(l)}`).join(' ')}\n`;
    return { stdout: out, stderr: '', code: 0 };
  },

  'rust-int128': (dir) => {
    const b = read(dir, 'public.bin');
    const start = b.readBigUInt64LE(0);
    const count = BigInt(b.readUInt32LE(8));
    const divisor = b.readBigInt64LE(12);
    const n = b.readUInt32LE(20);
    const out = [];
    let [x, y, k] = [0n, 1n, 0];
    while (x + y <= u64mask) [x, y, k] = [y, x + y, k + 1];
    out.push(`fib(${k + 1}) = ${y} (largest u64 Fibonacci), fib(${k + 2}) wraps to ${(x + y) & u64mask}`);
    let fact = 1n;
    for (let i = 1n; i <= BigInt(n); i++) fact *= i;
    const neg = -fact;
    const absd = divisor < 0n ? -divisor : divisor;
    out.push(`${n}! = ${fact}`);
    out.push(`-${n}! / ${divisor} = ${neg / divisor}`);
    out.push(`-${n}! % ${divisor} = ${neg % divisor}`);
    out.push(`-${n}! >> 7 = ${neg >> 7n}`);
    out.push(`${n}! as u128 * 3 = ${BigInt.asUintN(128, fact * 3n)}`);
    out.push(`(-${n}!).rem_euclid(${divisor}) = ${((neg % absd) + absd) % absd}`);
    const m = start | 1n;
    out.push(`${start} * ${divisor} mod ${m} = ${(start * absd) % m}`);
    out.push(`i64: ${divisor} / 7 = ${divisor / 7n} rem ${divisor % 7n}, squared wraps to ${BigInt.asIntN(64, divisor * divisor)}`);
    const powmod = (a, e, mod) => {
      let r = 1n % mod;
      a %= mod;
      for (; e > 0n; e >>= 1n, a = (a * a) % mod) if (e & 1n) r = (r * a) % mod;
      return r;
    };
    const isPrime = (p) => {
      const bases = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];
      if (p < 2n) return false;
      for (const q of bases) if (p % q === 0n) return p === q;
      let d = p - 1n;
      let s = 0;
      while ((d & 1n) === 0n) (d >>= 1n), s++;
      outer: for (const a of bases) {
        let z = powmod(a, d, p);
        if (z === 1n || z === p - 1n) continue;
        for (let i = 1; i < s; i++) if ((z = (z * z) % p) === p - 1n) continue outer;
        return false;
      }
      return true;
    };
    const primes = [];
    for (let p = start; p < start + count; p++) if (isPrime(p)) primes.push(p);
    out.push(`primes in [${start}, ${start + count}): ${primes.length}`);
    for (const p of primes) out.push(`  ${p}`);
    const gcd = (a, c) => (c === 0n ? a : gcd(c, a % c));
    out.push(`gcd(${start}, ${(start / 3n) * 2n}) = ${gcd(start, (start / 3n) * 2n)}`);
    const hi = (start << 64n) | BigInt.asUintN(64, divisor);
    const bits = hi.toString(2);
    out.push(`u128 ${hi} / ${start} = ${hi / start} rem ${hi % start}`);
    out.push(
      `leading zeros ${128 - bits.length} trailing zeros ${bits.length - bits.lastIndexOf('1') - 1} popcount ${bits.split('1').length - 1}`,
    );
    return { stdout: out.join('\n') + '\n', stderr: '', code: 0 };
  },

  'rust-bytecode': (dir) => {
    const src = read(dir, 'public.bin').toString('latin1');
    // What the committed program computes, done directly.
    let sum = 0;
    for (let p = 2; p < 1000; p++) {
      let prime = true;
      for (let d = 2; d * d <= p; d++) if (p % d === 0) prime = false;
      if (prime) sum += p;
    }
    let best = 0;
    let bestLen = 0;
    for (let s = 1; s < 300; s++) {
      let c = s;
      let steps = 0;
      while (c !== 1) (c = c % 2 ? 3 * c + 1 : c / 2), steps++;
      if (steps > bestLen) (best = s), (bestLen = steps);
    }
    // Op and variable counts of the source, from its lines (comments and labels stripped).
    let ops = 0;
    const vars = new Set();
    let tokens = 0;
    for (const raw of src.split('\n')) {
      const line = raw.replace(/;.*$/, '').replace(/^\s*[A-Za-z_.][\w.]*:/, (l) => ((tokens += 2), ''));
      const m = /^\s*([a-z]+)(?:\s+(.*?))?\s*$/.exec(line);
      if (m !== null) {
        ops++;
        tokens += m[2] === undefined ? 1 : 2;
        if (m[1] === 'load' || m[1] === 'store') vars.add(m[2]);
      }
      tokens++; // the newline
    }
    const head =
      `sum of primes below 1000: ${sum}\n` +
      `longest Collatz chain below 300 starts at ${best}\nsteps: ${bestLen}\n` +
      `10! = 3628800\n-7 div 2 = -3\n-7 rem 2 = -1\n"done"\n`;
    const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return {
      stdout: new RegExp(`^${esc(head)}\\[${tokens} tokens, ${ops} ops, ${vars.size} variables, \\d+ steps\\]\\n$`),
      stderr: '',
      code: 0,
    };
  },

  'rust-recursion': (dir) => {
    const b = read(dir, 'public.bin');
    const [fibN, queensN, hanoiN, ackM, ackN, depth] = [0, 4, 8, 12, 16, 20].map((o) => b.readUInt32LE(o));
    const expr = b.subarray(24).toString('utf8').trim();
    const fib = (k) => (k < 2 ? k : fib(k - 1) + fib(k - 2));
    const ack = (m, k) => (m === 0 ? k + 1 : k === 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, k - 1)));
    const queens = (k) => {
      let count = 0;
      const cols = [];
      const place = (row) => {
        if (row === k) return void count++;
        for (let c = 0; c < k; c++)
          if (cols.every((cc, r) => cc !== c && Math.abs(cc - c) !== row - r)) (cols[row] = c), place(row + 1), cols.pop();
      };
      place(0);
      return count;
    };
    const moves = [];
    const hanoi = (k, from, to, via) => {
      if (k === 0) return;
      hanoi(k - 1, from, via, to);
      moves.push([from, to]);
      hanoi(k - 1, via, to, from);
    };
    hanoi(hanoiN, 0, 2, 1);
    const sig = moves.reduce((h, [f, t]) => (Math.imul(h, 31) + f * 3 + t) >>> 0, 0);
    // Integer evaluation with truncating division, as the guest's i64 arithmetic does.
    const value = (() => {
      let i = 0;
      const peek = () => {
        while (/\s/.test(expr[i] ?? '')) i++;
        return expr[i];
      };
      const factor = () => {
        const c = peek();
        if (c === '-') return i++, -factor();
        if (c === '(') {
          i++;
          const v = sum();
          peek();
          i++;
          return v;
        }
        let v = 0n;
        while (/[0-9]/.test(expr[i] ?? '')) v = v * 10n + BigInt(expr[i++]);
        return v;
      };
      const term = () => {
        let v = factor();
        for (let c = peek(); c === '*' || c === '/'; c = peek()) (i++), (v = c === '*' ? v * factor() : v / factor());
        return v;
      };
      const sum = () => {
        let v = term();
        for (let c = peek(); c === '+' || c === '-'; c = peek()) (i++), (v = c === '+' ? v + term() : v - term());
        return v;
      };
      return sum();
    })();
    const out = [
      `fib(${fibN}) = ${fib(fibN)}`,
      `ackermann(${ackM}, ${ackN}) = ${ack(ackM, ackN)}`,
      `queens(${queensN}) = ${queens(queensN)}`,
      `hanoi(${hanoiN}) = ${moves.length} moves, solved: true, signature ${sig.toString(16).padStart(8, '0')}`,
      `deep_sum(${depth}) = ${(depth * (depth + 1)) / 2}`,
      `${expr} = ${value}`,
    ];
    return { stdout: out.join('\n') + '\n', stderr: '', code: 0 };
  },
};

// ---------------------------------------------------------------------------------------------

const guests = readdirSync(corpus)
  .filter((d) => d.startsWith('rust-') && existsSync(join(corpus, d, 'Cargo.toml')))
  .filter((d) => names.length === 0 || names.includes(d))
  .sort();
if (guests.length === 0) {
  console.error(`no Rust guests matched in ${corpus}`);
  process.exit(1);
}
for (const g of guests)
  if (!(g in oracles)) {
    console.error(`${g}: no oracle in scripts/build-rust-corpus.mjs; add one`);
    process.exit(1);
  }

let failed = 0;
const fail = (msg) => {
  failed++;
  console.error(`FAIL ${msg}`);
};

if (!noBuild) {
  if (!existsSync(toolchainJs)) {
    console.error(`${toolchainJs} is missing: run \`npx tsc -p tsconfig.json\` first`);
    process.exit(1);
  }
  const { buildRust } = await import(toolchainJs);
  const template = readFileSync(join(root, 'guest', 'sdk', 'rust', 'template', '.cargo', 'config.toml'), 'utf8');
  const targetDir = join(tmpdir(), 'zkvm-rust-corpus-target');
  for (const g of guests) {
    const dir = join(corpus, g);
    // Every guest carries a copy of the template's cargo config; keep them from drifting apart.
    if (readFileSync(join(dir, '.cargo', 'config.toml'), 'utf8') !== template) {
      fail(`${g}: .cargo/config.toml differs from guest/sdk/rust/template/.cargo/config.toml`);
      continue;
    }
    try {
      const r = await buildRust({ projectDir: dir, out: join(dir, `${g}.elf`), targetDir });
      console.log(`built ${g}.elf: ${r.bytes} bytes in ${(r.ms / 1000).toFixed(1)} s`);
    } catch (e) {
      fail(`${g}: ${e.message}`);
    }
  }
}

const devNull = '/dev/null';
for (const g of guests) {
  const dir = join(corpus, g);
  const elf = join(dir, `${g}.elf`);
  if (!existsSync(elf)) {
    fail(`${g}: ${elf} does not exist`);
    continue;
  }
  const priv = existsSync(join(dir, 'private.bin')) ? join(dir, 'private.bin') : devNull;
  const pub = existsSync(join(dir, 'public.bin')) ? join(dir, 'public.bin') : devNull;
  const fd0 = openSync(priv, 'r');
  const fd3 = openSync(pub, 'r');
  const t0 = performance.now();
  const r = spawnSync('qemu-riscv32', [elf], { stdio: [fd0, 'pipe', 'pipe', fd3], timeout: 60_000 });
  const ms = performance.now() - t0;
  closeSync(fd0);
  closeSync(fd3);
  if (r.error) {
    fail(`${g}: qemu-riscv32 did not run (${r.error.message}); apt-get install -y qemu-user`);
    continue;
  }
  const want = oracles[g](dir);
  const got = { stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), code: r.status ?? -1 };
  const match = (w, s) => (w instanceof RegExp ? w.test(s) : w === s);
  const bad = [];
  if (got.code !== want.code) bad.push(`exit status ${got.code} (signal ${r.signal}), want ${want.code}`);
  if (!match(want.stdout, got.stdout)) bad.push(`stdout:\n${got.stdout}\nwant:\n${want.stdout}`);
  if (!match(want.stderr, got.stderr)) bad.push(`stderr:\n${got.stderr}\nwant:\n${want.stderr}`);
  if (bad.length > 0) fail(`${g}: ${bad.join('\n')}`);
  else console.log(`ok   ${g}.elf under qemu (${statSync(elf).size} bytes, ${ms.toFixed(0)} ms, exit ${got.code})`);
}
process.exit(failed === 0 ? 0 : 1);
