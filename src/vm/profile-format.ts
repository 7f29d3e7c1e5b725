/**
 * Renderings of a {@link Profile}: a text table for the terminal, a JSON summary for scripts, a
 * self-contained flame graph SVG (no scripts: hover titles are plain `<title>` elements, so any viewer shows
 * them) and a speedscope file (https://www.speedscope.app, "sampled" format). All are pure functions of the
 * profile, so they can run in a browser as well.
 * @module
 */
import { hex32 } from './errors.js';
import type { FunctionStats, Profile, SyscallStats } from './profile.js';

/** The JSON summary of {@link profileSummary}: the table's rows and the system calls. */
export interface ProfileSummary {
  readonly cycles: number;
  readonly exitCode: number;
  readonly symbolSource: 'symtab' | 'none';
  readonly functionCount: number;
  readonly functions: readonly {
    readonly name: string;
    readonly address: string;
    readonly selfCycles: number;
    readonly totalCycles: number;
    readonly selfShare: number;
    readonly totalShare: number;
    readonly calls: number;
  }[];
  readonly syscalls: readonly SyscallStats[];
}

/**
 * Display names unique within the profile: two functions that demangle alike (C++ D1/D2 destructors, the
 * same generic instantiated in two crates) get their address appended, so no row of the table is ambiguous.
 */
function uniqueNames(p: Profile): string[] {
  const seen = new Map<string, number>();
  for (const f of p.frames) seen.set(f.name, (seen.get(f.name) ?? 0) + 1);
  return p.frames.map((f) => (seen.get(f.name)! > 1 ? `${f.name} [${hex32(f.address)}]` : f.name));
}

const pct = (x: number) => (100 * x).toFixed(2) + '%';
const num = (x: number) => x.toLocaleString('en-US');

/**
 * The top functions by self cycles, as rows of a summary object (`--json`).
 * @param top rows to keep (default 20)
 */
export function profileSummary(p: Profile, top = 20): ProfileSummary {
  const names = uniqueNames(p);
  return Object.freeze({
    cycles: p.cycles,
    exitCode: p.exitCode,
    symbolSource: p.symbolSource,
    functionCount: p.functions.length,
    functions: Object.freeze(
      p.functions.slice(0, top).map((f: FunctionStats) =>
        Object.freeze({
          name: names[f.frame]!,
          address: hex32(f.address),
          selfCycles: f.selfCycles,
          totalCycles: f.totalCycles,
          selfShare: f.selfShare,
          totalShare: f.totalShare,
          calls: f.calls,
        }),
      ),
    ),
    syscalls: p.syscalls,
  });
}

/**
 * The terminal table: a header line, the top functions by self cycles (self, share, total, share, calls,
 * name), and the system calls.
 * @param top rows to show (default 20)
 */
export function formatProfileTable(p: Profile, top = 20): string {
  const names = uniqueNames(p);
  const rows = p.functions.slice(0, top);
  const lines: string[] = [];
  lines.push(`${num(p.cycles)} cycles, exit code ${p.exitCode}, ${num(p.functions.length)} functions${p.symbolSource === 'none' ? ` (no symbols${p.symbolProblem ? ': ' + p.symbolProblem : ''}; functions named by address)` : ''}`);
  const w = Math.max(5, ...rows.map((f) => num(f.totalCycles).length));
  lines.push(`${'self'.padStart(w)}  ${'self%'.padStart(7)}  ${'total'.padStart(w)}  ${'total%'.padStart(7)}  ${'calls'.padStart(7)}  function`);
  for (const f of rows)
    lines.push(
      `${num(f.selfCycles).padStart(w)}  ${pct(f.selfShare).padStart(7)}  ${num(f.totalCycles).padStart(w)}  ${pct(f.totalShare).padStart(7)}  ${num(f.calls).padStart(7)}  ${names[f.frame]}`,
    );
  if (p.functions.length > rows.length) lines.push(`(${num(p.functions.length - rows.length)} more functions, ${num(p.functions.slice(rows.length).reduce((s, f) => s + f.selfCycles, 0))} self cycles)`);
  if (p.syscalls.length > 0) {
    lines.push('');
    lines.push(`${'syscall'.padEnd(10)} ${'calls'.padStart(8)} ${'cycles'.padStart(8)} ${'bytes'.padStart(12)}`);
    for (const s of p.syscalls) lines.push(`${`${s.name} (${s.number})`.padEnd(10)} ${num(s.calls).padStart(8)} ${num(s.cycles).padStart(8)} ${num(s.bytes).padStart(12)}`);
  }
  return lines.join('\n') + '\n';
}

/** Options of {@link flameGraphSvg}. */
export interface FlameGraphOptions {
  /** Title at the top (default "Cycle profile"). */
  readonly title?: string;
  /** Image width in pixels (default 1200). */
  readonly width?: number;
  /** Frames narrower than this many pixels are left out, with everything above them (default 0.1). */
  readonly minWidth?: number;
}

const ROW = 16;
const PAD = 10;
const HEADER = 34;

/** XML text escaping, for names in text and attributes. */
function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A warm colour from the name, so a function keeps its colour across runs and images. */
function colour(name: string): string {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  h >>>= 0;
  return `rgb(${205 + (h % 50)},${80 + ((h >>> 8) % 130)},${(h >>> 16) % 55})`;
}

/**
 * A flame graph: one rectangle per stack-tree node, its width proportional to the node's total cycles, the
 * entry function at the bottom; callees sit on their caller, ordered by name (as in Brendan Gregg's flame
 * graphs: x is not time). Each frame has a `<title>` with its name, cycles and share.
 */
export function flameGraphSvg(p: Profile, opts: FlameGraphOptions = {}): string {
  const width = opts.width ?? 1200;
  const minWidth = opts.minWidth ?? 0.1;
  const names = uniqueNames(p);
  const inner = width - 2 * PAD;
  const scale = p.cycles === 0 ? 0 : inner / p.cycles;
  const kids: number[][] = p.nodes.map(() => []);
  const roots: number[] = [];
  p.nodes.forEach((n, i) => (n.parent < 0 ? roots : kids[n.parent]!).push(i));
  const byName = (a: number, b: number) => {
    const x = names[p.nodes[a]!.frame]!;
    const y = names[p.nodes[b]!.frame]!;
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  const rects: string[] = [];
  let maxDepth = 0;
  const place: { node: number; x: number; depth: number }[] = [];
  const walk = (list: number[], x: number, depth: number) => {
    for (const n of list.sort(byName)) {
      const w = p.nodes[n]!.totalCycles * scale;
      if (w >= minWidth) {
        place.push({ node: n, x, depth });
        if (depth > maxDepth) maxDepth = depth;
        walk(kids[n]!, x, depth + 1);
      }
      x += w;
    }
  };
  walk(roots, PAD, 1);
  const height = HEADER + (maxDepth + 1) * ROW + PAD;
  const y = (depth: number) => height - PAD - (depth + 1) * ROW;
  const frame = (x: number, yy: number, w: number, label: string, cycles: number, fill: string) => {
    const tip = `${label} (${num(cycles)} cycles, ${pct(p.cycles === 0 ? 0 : cycles / p.cycles)})`;
    const chars = Math.floor((w - 6) / 7);
    const text = chars >= 3 ? (label.length <= chars ? label : label.slice(0, chars - 2) + '..') : '';
    rects.push(
      `<g><title>${xml(tip)}</title><rect x="${x.toFixed(3)}" y="${yy}" width="${w.toFixed(3)}" height="${ROW - 1}" fill="${fill}" rx="2"/>` +
        (text === '' ? '' : `<text x="${(x + 3).toFixed(3)}" y="${yy + ROW - 4}">${xml(text)}</text>`) +
        '</g>',
    );
  };
  frame(PAD, y(0), p.cycles * scale, 'all', p.cycles, 'rgb(210,210,210)');
  for (const { node, x, depth } of place) {
    const n = p.nodes[node]!;
    const label = names[n.frame]!;
    frame(x, y(depth), n.totalCycles * scale, label, n.totalCycles, colour(label));
  }
  const title = opts.title ?? 'Cycle profile';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">\n` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="rgb(250,250,245)"/>\n` +
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="16">${xml(title)}</text>\n` +
    `<text x="${PAD}" y="${HEADER - 4}" fill="rgb(90,90,90)">${xml(`${num(p.cycles)} cycles; width = cycles, hover a frame for its count`)}</text>\n` +
    rects.join('\n') +
    '\n</svg>\n'
  );
}

/** The speedscope file of {@link speedscopeProfile} (the parts of the schema this writes). */
export interface SpeedscopeFile {
  readonly $schema: 'https://www.speedscope.app/file-format-schema.json';
  readonly shared: { readonly frames: readonly { readonly name: string }[] };
  readonly profiles: readonly {
    readonly type: 'sampled';
    readonly name: string;
    readonly unit: 'none';
    readonly startValue: number;
    readonly endValue: number;
    readonly samples: readonly (readonly number[])[];
    readonly weights: readonly number[];
  }[];
  readonly name: string;
  readonly activeProfileIndex: number;
  readonly exporter: string;
}

/** Samples beyond which {@link speedscopeProfile} aggregates by stack (a file of this size is ~100 MB). */
export const SPEEDSCOPE_MAX_SAMPLES = 1_000_000;

/**
 * A speedscope "sampled" profile: frames are the profile's functions; each sample is one run of identical
 * consecutive stacks (root first), weighted by its cycles, so the weights add up to the run's cycles and the
 * time-ordered view shows the run as it happened. The unit is `none`: a weight is a count of cycles.
 *
 * A run with more than `maxSamples` stack changes gets one sample per distinct stack instead (the weights
 * still add up; only the time order is lost), so the file stays loadable; its name then says "aggregated".
 * @param name shown by speedscope (e.g. the program's file name)
 * @param maxSamples default {@link SPEEDSCOPE_MAX_SAMPLES}
 */
export function speedscopeProfile(p: Profile, name = 'zkvm cycle profile', maxSamples = SPEEDSCOPE_MAX_SAMPLES): SpeedscopeFile {
  const names = uniqueNames(p);
  const stackOf = new Map<number, number[]>();
  const stack = (n: number): number[] => {
    let s = stackOf.get(n);
    if (s === undefined) {
      const node = p.nodes[n]!;
      s = node.parent < 0 ? [node.frame] : [...stack(node.parent), node.frame];
      stackOf.set(n, s);
    }
    return s;
  };
  const aggregate = p.sampleNodes.length > maxSamples;
  const nodes = aggregate ? p.nodes.flatMap((n, i) => (n.selfCycles > 0 ? [i] : [])) : p.sampleNodes;
  const weights = aggregate ? nodes.map((i) => p.nodes[i]!.selfCycles) : p.sampleCycles;
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames: names.map((n) => ({ name: n })) },
    profiles: [
      {
        type: 'sampled',
        name: aggregate ? `${name} (aggregated by stack: ${p.sampleNodes.length.toLocaleString('en-US')} stack changes)` : name,
        unit: 'none',
        startValue: 0,
        endValue: p.cycles,
        samples: nodes.map(stack),
        weights,
      },
    ],
    name,
    activeProfileIndex: 0,
    exporter: 'zkvm profile',
  };
}
