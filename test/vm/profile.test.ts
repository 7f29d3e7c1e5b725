// The cycle profiler (src/vm/profile.ts, profile-format.ts, elf-symbols.ts, demangle.ts) on guests whose every
// cycle is counted by hand below: self and total cycles per function, calls, the exact time-ordered samples, the
// system calls; the same guest with size-0 NOTYPE labels (as an assembler writes them) and with no symbols at
// all; call stacks kept sane under returns without calls and recursion past the depth cap; the symbol reader
// never throwing on garbage; the demanglers on real Rust v0, Rust legacy and C++ names; and the flame graph and
// speedscope renderings adding up to the cycle count.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addressOf, assembleWithSymbols, program } from '../util/asm.js';
import { imageToElf } from '../util/elf-writer.js';
import { withSymbols, type TestSymbol } from '../util/symtab.js';
import { profile, type Profile } from '../../src/vm/profile.js';
import { readCodeSymbols, symbolAt } from '../../src/vm/elf-symbols.js';
import { demangle } from '../../src/vm/demangle.js';
import { flameGraphSvg, formatProfileTable, profileSummary, speedscopeProfile } from '../../src/vm/profile-format.js';
import { ElfError, hex32 } from '../../src/vm/errors.js';

// The hand-counted guest. Cycle counts per instruction are in the comments (every instruction retires in one
// cycle; `li` of a value with zero low 12 bits is one `lui`, of a small value one `addi`).
//
//   _start       4 self: lui sp; jal main | after main returns: li a7; ecall(exit)
//   main        17 self: addi, sw, li s0 (3) + 3 loop iterations of jal leaf, addi, bnez (9)
//                        + jal tail_caller (1) + lw, addi, li a0, ret (4)
//   leaf         6 self: 3 calls × (addi, ret)
//   tail_caller  2 self: li a0; j writer (a tail call: jal x0, no push)
//   writer       5 self: lui a1; li a2; li a7; ecall(write 2 bytes); ret (pops back to main)
//   cycles      34 = 4 + 17 + 6 + 2 + 5
// Stacks: _start → main → leaf (3×); main → tail_caller, then the tail call replaces it: main → writer.
// Totals: _start 34; main 17 + 6 + 2 + 5 = 30; leaf 6; tail_caller 2; writer 5.
// Time order (runs of one stack): _start 2, main 4, leaf 2, main 3, leaf 2, main 3, leaf 2, main 3,
// tail_caller 2, writer 5, main 4, _start 2 (12 samples, 34 cycles).
const GUEST = `
_start:
  li sp, 0x21000
  jal ra, main
  li a7, 93
  ecall
main:
  addi sp, sp, -16
  sw ra, 12(sp)
  li s0, 3
loop:
  jal ra, leaf
  addi s0, s0, -1
  bnez s0, loop
  jal ra, tail_caller
  lw ra, 12(sp)
  addi sp, sp, 16
  li a0, 7
  ret
leaf:
  addi a1, a1, 1
  ret
tail_caller:
  li a0, 1
  j writer
writer:
  li a1, 0x20000
  li a2, 2
  li a7, 64
  ecall
  ret
end:
`;
const FUNCTIONS = ['_start', 'main', 'leaf', 'tail_caller', 'writer'] as const;
const SELF = { _start: 4, main: 17, leaf: 6, tail_caller: 2, writer: 5 };
const TOTAL = { _start: 34, main: 30, leaf: 6, tail_caller: 2, writer: 5 };
const CALLS = { _start: 1, main: 1, leaf: 3, tail_caller: 1, writer: 0 };
const SAMPLES: [string, number][] = [
  ['_start', 2], ['main', 4], ['leaf', 2], ['main', 3], ['leaf', 2], ['main', 3], ['leaf', 2], ['main', 3],
  ['tail_caller', 2], ['writer', 5], ['main', 4], ['_start', 2],
];

/** The guest's ELF file, with `symbols(labels)` as its symbol table. */
function guestElf(src: string, symbols: (at: ReadonlyMap<string, number>) => TestSymbol[]): Uint8Array {
  const { symbols: labels } = assembleWithSymbols(src);
  const image = program(src, { data: new TextEncoder().encode('hi') });
  return withSymbols(imageToElf(image), symbols(labels));
}

/** FUNC symbols with exact sizes: each function runs to the next label. */
function sized(at: ReadonlyMap<string, number>): TestSymbol[] {
  const order = [...FUNCTIONS, 'end'];
  return FUNCTIONS.map((n, i) => ({ name: n, address: at.get(n)!, size: at.get(order[i + 1]!)! - at.get(n)!, type: 2 }));
}

const byName = (p: Profile, name: string) => {
  const f = p.functions.find((x) => x.name === name);
  assert.ok(f, `no function ${name} in ${p.functions.map((x) => x.name).join(', ')}`);
  return f;
};
/** The samples as (leaf name, cycles). */
const leafSamples = (p: Profile) => p.sampleNodes.map((n, i) => [p.frames[p.nodes[n]!.frame]!.name, p.sampleCycles[i]!] as [string, number]);

describe('profile: the hand-counted guest', () => {
  const p = profile(guestElf(GUEST, sized));

  it('counts 34 cycles, exit code 7, every function exactly', () => {
    assert.equal(p.cycles, 34);
    assert.equal(p.exitCode, 7);
    assert.equal(p.symbolSource, 'symtab');
    for (const n of FUNCTIONS) {
      const f = byName(p, n);
      assert.equal(f.selfCycles, SELF[n], `${n} self`);
      assert.equal(f.totalCycles, TOTAL[n], `${n} total`);
      assert.equal(f.calls, CALLS[n], `${n} calls`);
      assert.equal(f.selfShare, SELF[n] / 34);
    }
    assert.deepEqual(p.functions.map((f) => f.name), ['main', 'leaf', 'writer', '_start', 'tail_caller'], 'ordered by self cycles, then total');
    assert.equal(p.functions.reduce((s, f) => s + f.selfCycles, 0), 34);
  });

  it('rebuilds the stacks, the tail call replacing its caller', () => {
    assert.deepEqual(leafSamples(p), SAMPLES);
    assert.equal(p.sampleCycles.reduce((a, b) => a + b, 0), 34);
    const path = (n: number): string[] => (n < 0 ? [] : [...path(p.nodes[n]!.parent), p.frames[p.nodes[n]!.frame]!.name]);
    assert.deepEqual(p.nodes.map((_, i) => path(i).join(' > ')).sort(), [
      '_start', '_start > main', '_start > main > leaf', '_start > main > tail_caller', '_start > main > writer',
    ]);
    assert.equal(p.maxDepth, 3);
    for (const n of p.nodes) assert.equal(n.totalCycles, n.selfCycles + p.nodes.filter((c) => p.nodes[c.parent] === n).reduce((s, c) => s + c.totalCycles, 0));
  });

  it('counts the system calls and the bytes they moved', () => {
    assert.deepEqual(p.syscalls, [
      { number: 64, name: 'write', calls: 1, cycles: 1, bytes: 2 },
      { number: 93, name: 'exit', calls: 1, cycles: 1, bytes: 0 },
    ]);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.functions) && Object.isFrozen(p.functions[0]) && Object.isFrozen(p.nodes));
  });

  it('gives the same profile from size-0 NOTYPE labels, and a FUNC symbol is not split by a label inside it', () => {
    const labels = (at: ReadonlyMap<string, number>): TestSymbol[] => [
      ...FUNCTIONS.map((n) => ({ name: n, address: at.get(n)!, type: 0, bind: 0 })),
      { name: '$x', address: at.get('main')!, type: 0, bind: 0 }, // a mapping symbol: never a name
      { name: '.Lloop', address: at.get('loop')!, type: 0, bind: 0 }, // a local label: never a name
    ];
    const q = profile(guestElf(GUEST, labels));
    for (const n of FUNCTIONS) assert.equal(byName(q, n).selfCycles, SELF[n], n);
    assert.deepEqual(leafSamples(q), SAMPLES);
    // `loop` as a NOTYPE label inside the sized FUNC main does not split main.
    const r = profile(guestElf(GUEST, (at) => [...sized(at), { name: 'loop', address: at.get('loop')!, type: 0, bind: 0 }]));
    assert.equal(byName(r, 'main').selfCycles, 17);
    assert.ok(!r.functions.some((f) => f.name === 'loop'));
  });

  it('without symbols names functions by call-target address; a tail-called function stays in its caller', () => {
    const bare = imageToElf(program(GUEST, { data: new TextEncoder().encode('hi') }));
    const q = profile(bare);
    assert.equal(q.symbolSource, 'none');
    assert.match(q.symbolProblem ?? '', /no section headers|stripped/);
    assert.equal(q.cycles, 34);
    const at = (l: string) => hex32(addressOf(GUEST, l));
    assert.equal(byName(q, at('_start')).selfCycles, 4);
    assert.equal(byName(q, at('main')).selfCycles, 17);
    assert.equal(byName(q, at('leaf')).selfCycles, 6);
    assert.equal(byName(q, at('tail_caller')).selfCycles, 2 + 5, 'writer has no symbol and was never called');
    assert.match(formatProfileTable(q), /no symbols/);
  });
});

describe('profile: robust call stacks', () => {
  it('a return with no call, and a return at the bottom, never underflow', () => {
    // _start "returns" to the next instruction twice (ra set by hand), then exits: 8 cycles, one frame.
    const src = `
_start:
  auipc ra, 0
  addi ra, ra, 12
  ret
  auipc ra, 0
  addi ra, ra, 12
  ret
  li a7, 93
  ecall
end:`;
    const p = profile(guestElf(src, (at) => [{ name: '_start', address: at.get('_start')!, size: at.get('end')! - at.get('_start')! }]));
    assert.equal(p.cycles, 8);
    assert.deepEqual(leafSamples(p), [['_start', 8]]);
    assert.equal(p.maxDepth, 1);
  });

  it('recursion deeper than the cap is folded into the deepest frame, and the cycles still add up', () => {
    // rec(a0): if a0 == 0 return; else rec(a0 - 1). 10 nested calls below main.
    const src = `
_start:
  li sp, 0x21000
  li a0, 10
  jal ra, rec
  li a7, 93
  ecall
rec:
  beqz a0, done
  addi sp, sp, -16
  sw ra, 12(sp)
  addi a0, a0, -1
  jal ra, rec
  lw ra, 12(sp)
  addi sp, sp, 16
done:
  ret
end:`;
    const syms = (at: ReadonlyMap<string, number>): TestSymbol[] => [
      { name: '_start', address: at.get('_start')!, size: at.get('rec')! - at.get('_start')! },
      { name: 'rec', address: at.get('rec')!, size: at.get('end')! - at.get('rec')! },
    ];
    const elf = guestElf(src, syms);
    // 5 (_start) + 10 × 8 (rec with a0 > 0) + 2 (rec(0): beqz, ret) = 87 cycles.
    const full = profile(elf);
    assert.equal(full.cycles, 87);
    assert.equal(full.maxDepth, 12);
    assert.equal(byName(full, 'rec').calls, 11);
    assert.equal(byName(full, 'rec').selfCycles, 82);
    assert.equal(byName(full, 'rec').totalCycles, 82, 'recursion counted once in the total');
    const capped = profile(elf, { maxStackDepth: 4 });
    assert.equal(capped.cycles, 87);
    assert.equal(capped.maxDepth, 4);
    assert.equal(byName(capped, 'rec').selfCycles, 82);
    assert.equal(byName(capped, '_start').selfCycles, 5);
    assert.ok(capped.nodes.every((n) => n.depth <= 4));
    assert.equal(capped.sampleCycles.reduce((a, b) => a + b, 0), 87);
  });

  it('a malformed ELF is an ElfError', () => {
    assert.throws(() => profile(new Uint8Array([1, 2, 3])), ElfError);
  });
});

describe('readCodeSymbols', () => {
  const elf = guestElf(GUEST, sized);

  it('reads the functions, sorted, with their ranges', () => {
    const t = readCodeSymbols(elf);
    assert.equal(t.problem, undefined);
    assert.deepEqual(t.symbols.map((s) => s.name), [...FUNCTIONS]);
    const main = addressOf(GUEST, 'main');
    assert.equal(symbolAt(t.symbols, main + 4)?.name, 'main');
    assert.equal(symbolAt(t.symbols, addressOf(GUEST, 'end')), undefined);
  });

  it('prefers the global alias with fewer underscores at one address; skips data and absolute symbols', () => {
    const t = readCodeSymbols(
      withSymbols(imageToElf(program(GUEST)), [
        { name: '__malloc_free', address: 0x10000, size: 8 },
        { name: 'free', address: 0x10000, size: 8 },
        { name: 'cfree', address: 0x10000, size: 8, bind: 2 },
        { name: 'local_fn', address: 0x10008, size: 4, bind: 0 },
        { name: 'table', address: 0x10010, size: 4, type: 1 },
        { name: 'abs', address: 0x10014, size: 4, shndx: 0xfff1 },
      ]),
    );
    assert.deepEqual(t.symbols.map((s) => [s.name, s.address, s.end]), [['free', 0x10000, 0x10008], ['local_fn', 0x10008, 0x1000c]]);
  });

  it('never throws: stripped, truncated or random bytes give a problem and fewer symbols', () => {
    assert.match(readCodeSymbols(imageToElf(program(GUEST))).problem!, /stripped/);
    assert.match(readCodeSymbols(elf.subarray(0, elf.length - 100)).problem!, /past the end/);
    assert.match(readCodeSymbols(new Uint8Array(10)).problem!, /not an ELF/);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(elf.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const b = elf.slice();
        for (const [o, v] of edits) b[o] = v;
        const t = readCodeSymbols(b);
        for (let i = 1; i < t.symbols.length; i++) assert.ok(t.symbols[i - 1]!.end <= t.symbols[i]!.address);
      }),
      { numRuns: 300 },
    );
  });
});

describe('demangle', () => {
  it('Rust v0 (what the repository toolchain emits), without crate hashes', () => {
    const cases: [string, string][] = [
      ['_RNvMCsaLOqn21EAAS_11rust_sha256NtB2_6Sha2568compress', '<rust_sha256::Sha256>::compress'],
      ['_RNvNtCscyEbIUVJ8nh_4core3fmt5write', 'core::fmt::write'],
      ['_RINvNtCscyEbIUVJ8nh_4core3ptr13drop_in_placeNtNtCsi88e1IEYU3n_10zkvm_guest2io8FdWriterEBK_', 'core::ptr::drop_in_place::<zkvm_guest::io::FdWriter>'],
      ['_RNvXs8_NtNtNtCscyEbIUVJ8nh_4core3fmt3num3impmNtB9_7Display3fmt', '<u32 as core::fmt::Display>::fmt'],
      ['_RNvXs1g_NtCscyEbIUVJ8nh_4core3fmtRDNtB6_5DebugEL_Bx_3fmtB8_', '<&dyn core::fmt::Debug as core::fmt::Debug>::fmt'],
      ['_RNvXs_NvNtNtCscyEbIUVJ8nh_4core3fmt5Write9write_fmtQNtNtCsi88e1IEYU3n_10zkvm_guest2io8FdWriterNtB4_12SpecWriteFmt14spec_write_fmtBS_', '<&mut zkvm_guest::io::FdWriter as core::fmt::Write::write_fmt::SpecWriteFmt>::spec_write_fmt'],
      ['_RINvNvMs2_NtCsvmyw47Fu1z_5alloc7raw_vecINtB8_11RawVecInnerpE7reserve21do_reserve_and_handleNtNtBa_5alloc6GlobalECsaLOqn21EAAS_11rust_sha256', '<alloc::raw_vec::RawVecInner<_>>::reserve::do_reserve_and_handle::<alloc::alloc::Global>'],
      ['_RNvCsfgHYwM92fyn_7___rustc17rust_begin_unwind', '__rustc::rust_begin_unwind'],
    ];
    for (const [m, d] of cases) assert.equal(demangle(m), d, m);
  });

  it('Rust legacy: escapes decoded, the hash dropped', () => {
    assert.equal(demangle('_ZN4core3fmt5write17h0123456789abcdefE'), 'core::fmt::write');
    assert.equal(demangle('_ZN53_$LT$core..fmt..Error$u20$as$u20$core..fmt..Debug$GT$3fmt17h96a0ab6d5ef8e1b4E'), '<core::fmt::Error as core::fmt::Debug>::fmt');
    assert.equal(demangle('_ZN3std2rt10lang_start17h0123456789abcdefE.llvm.42'), 'std::rt::lang_start');
  });

  it('C++: nested names, const members, ctors/dtors, operators, substitutions, templates, lambdas, packs', () => {
    const cases: [string, string][] = [
      ['_ZNK6Circle4areaEv', 'Circle::area() const'],
      ['_ZN12_GLOBAL__N_14failEPKcS1_', '(anonymous namespace)::fail(char const*, char const*)'],
      ['_ZN4RectD1Ev', 'Rect::~Rect()'],
      ['_ZN3foo3BarC2Ev', 'foo::Bar::Bar()'],
      ['_Znwj', 'operator new(unsigned int)'],
      ['_ZdlPvj', 'operator delete(void*, unsigned int)'],
      ['_ZplRK3VecS1_', 'operator+(Vec const&, Vec const&)'],
      ['_Z3maxIiET_S0_S0_', 'int max<int>(int, int)'],
      ['_ZNSt6vectorIiSaIiEE9push_backERKi', 'std::vector<int, std::allocator<int>>::push_back(int const&)'],
      ['_ZL8registry', 'registry'],
      ['_ZNSt17_Function_handlerIFiiEZ4mainEUliE0_E9_M_invokeERKSt9_Any_dataOi', 'std::_Function_handler<int (int), main::{lambda(int)#2}>::_M_invoke(std::_Any_data const&, int&&)'],
      [
        '_ZNSt10shared_ptrISt6vectorIiSaIiEEEC1ISaIvEJiiEEESt20_Sp_alloc_shared_tagIT_EDpOT0_',
        'std::shared_ptr<std::vector<int, std::allocator<int>>>::shared_ptr<std::allocator<void>, int, int>(std::_Sp_alloc_shared_tag<std::allocator<void>>, int&&, int&&)',
      ],
      [
        '_ZSt16__introsort_loopIN9__gnu_cxx17__normal_iteratorIPmSt6vectorImSaImEEEEiNS0_5__ops15_Iter_less_iterEEvT_S9_T0_T1_.isra.0',
        'void std::__introsort_loop<__gnu_cxx::__normal_iterator<unsigned long*, std::vector<unsigned long, std::allocator<unsigned long>>>, int, __gnu_cxx::__ops::_Iter_less_iter>(__gnu_cxx::__normal_iterator<unsigned long*, std::vector<unsigned long, std::allocator<unsigned long>>>, __gnu_cxx::__normal_iterator<unsigned long*, std::vector<unsigned long, std::allocator<unsigned long>>>, int, __gnu_cxx::__ops::_Iter_less_iter) [clone .isra.0]',
      ],
    ];
    for (const [m, d] of cases) assert.equal(demangle(m), d, m);
  });

  it('leaves what it does not handle raw, and never throws', () => {
    for (const raw of ['main', '_RNvCs_5crate1uXYZ', '_Z', '_R', '_ZN', '_ZN3fooE']) assert.equal(typeof demangle(raw), 'string');
    // An expression as a template argument is not handled: the name stays raw rather than half-demangled.
    assert.equal(demangle('_Z1fIXplLi1ELi2EEEvv'), '_Z1fIXplLi1ELi2EEEvv');
    // Backreferences to themselves or forward are refused, not followed.
    assert.equal(demangle('_RNvB_3foo'), '_RNvB_3foo');
    // Backreferences that double the work at every level (with lifetimes, which print nothing) stop early.
    let t = 'INtC1a1bL_E';
    for (let i = 0; i < 40; i++) t = `INtC1a1b${t}B2_E`;
    const t0 = performance.now();
    assert.equal(typeof demangle(`_RNvC1x${t}1f`), 'string');
    assert.ok(performance.now() - t0 < 2000);
    fc.assert(fc.property(fc.stringMatching(/^_[RZ][A-Za-z0-9_$.]{0,40}$/), (s) => typeof demangle(s) === 'string'), { numRuns: 2000 });
  });
});

describe('renderings of the hand-counted profile', () => {
  const p = profile(guestElf(GUEST, sized));

  it('the table lists the top functions with self, total and share, then the system calls', () => {
    const t = formatProfileTable(p, 3);
    const lines = t.split('\n');
    assert.match(lines[0]!, /^34 cycles, exit code 7, 5 functions$/);
    assert.match(lines[2]!, /^\s*17\s+50\.00%\s+30\s+88\.24%\s+1\s+main$/);
    assert.match(lines[3]!, /^\s*6\s+17\.65%\s+6\s+17\.65%\s+3\s+leaf$/);
    assert.match(lines[4]!, /^\s*5\s+14\.71%\s+5\s+14\.71%\s+0\s+writer$/);
    assert.match(lines[5]!, /^\(2 more functions, 6 self cycles\)$/);
    assert.match(t, /write \(64\)\s+1\s+1\s+2\n/);
    const s = profileSummary(p, 2);
    assert.equal(s.functions.length, 2);
    assert.deepEqual(s.functions[0], { name: 'main', address: hex32(addressOf(GUEST, 'main')), selfCycles: 17, totalCycles: 30, selfShare: 0.5, totalShare: 30 / 34, calls: 1 });
  });

  it('the flame graph is an SVG whose frame widths add up per level to the cycles there', () => {
    const svg = flameGraphSvg(p, { width: 1200, minWidth: 0 });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    const frames = [...svg.matchAll(/<g><title>([^<]*)<\/title><rect x="([\d.]+)" y="(\d+)" width="([\d.]+)"/g)].map((m) => ({ title: m[1]!, x: Number(m[2]), y: Number(m[3]), w: Number(m[4]) }));
    assert.equal(frames.length, 1 + p.nodes.length, 'an "all" frame plus one per stack node');
    assert.equal(svg.match(/<g>/g)!.length, svg.match(/<\/g>/g)!.length);
    const scale = 1180 / 34;
    const rows = new Map<number, number>();
    for (const f of frames) rows.set(f.y, (rows.get(f.y) ?? 0) + f.w);
    const ys = [...rows.keys()].sort((a, b) => b - a); // bottom row first
    assert.deepEqual(ys.map((y) => Math.round(rows.get(y)! / scale)), [34, 34, 30, 13]);
    assert.ok(frames.some((f) => f.title === 'main (30 cycles, 88.24%)'));
    assert.ok(frames.some((f) => f.title === 'writer (5 cycles, 14.71%)'));
    // Children lie within their parent.
    const main = frames.find((f) => f.title.startsWith('main '))!;
    for (const f of frames.filter((x) => x.y === main.y - 16)) assert.ok(f.x >= main.x - 1e-6 && f.x + f.w <= main.x + main.w + 1e-6);
  });

  it('escapes names in the SVG', () => {
    const q = profile(guestElf(GUEST, (at) => sized(at).map((s) => (s.name === 'leaf' ? { ...s, name: '_ZN3fooIiE3barEv' } : s))));
    const svg = flameGraphSvg(q, { minWidth: 0 });
    assert.match(svg, /foo&lt;int&gt;::bar\(\)/);
    assert.doesNotMatch(svg, /foo<int>/);
  });

  it('the speedscope file has the schema fields; samples are the exact stacks, weights sum to the cycles', () => {
    const s = JSON.parse(JSON.stringify(speedscopeProfile(p, 'guest.elf')));
    assert.equal(s.$schema, 'https://www.speedscope.app/file-format-schema.json');
    assert.deepEqual(s.shared.frames.map((f: { name: string }) => f.name).sort(), [...FUNCTIONS].sort());
    assert.equal(s.profiles.length, 1);
    const pr = s.profiles[0];
    assert.equal(pr.type, 'sampled');
    assert.equal(pr.unit, 'none');
    assert.equal(pr.startValue, 0);
    assert.equal(pr.endValue, 34);
    assert.equal(pr.samples.length, pr.weights.length);
    assert.equal(pr.weights.reduce((a: number, b: number) => a + b, 0), 34);
    const name = (i: number) => s.shared.frames[i].name;
    assert.deepEqual(pr.samples.map((st: number[]) => st.map(name).join(' > ')), [
      '_start', '_start > main', '_start > main > leaf', '_start > main', '_start > main > leaf', '_start > main',
      '_start > main > leaf', '_start > main', '_start > main > tail_caller', '_start > main > writer', '_start > main', '_start',
    ]);
    assert.deepEqual(pr.weights, SAMPLES.map((x) => x[1]));
  });

  it('past maxSamples, the speedscope file has one sample per stack, weights still summing to the cycles', () => {
    const s = speedscopeProfile(p, 'guest.elf', 5);
    const pr = s.profiles[0]!;
    assert.match(pr.name, /aggregated by stack: 12 stack changes/);
    assert.equal(pr.samples.length, 5);
    assert.deepEqual([...pr.weights].sort((a, b) => a - b), [2, 4, 5, 6, 17]);
    assert.equal(pr.weights.reduce((a, b) => a + b, 0), 34);
  });
});
