/**
 * Symbol demangling for profiles: Rust (legacy `_ZN…17h<hash>E` and v0 `_R…`) and the common cases of C++
 * (Itanium `_Z`: nested names, constructors and destructors, operators, builtin, qualified and function types,
 * substitutions, template arguments and packs, local names and lambdas). Names are shown the way
 * `rustc-demangle`'s alternate form and `c++filt` show them, without hashes and crate disambiguators, because a
 * profile is read by people.
 *
 * Anything outside what is handled here (C++ expressions in template arguments, pointers to functions and
 * members, v0 punycode identifiers and const generics beyond integers…) is returned unchanged: a raw name is
 * honest, a half-demangled one misleads.
 * @module
 */

/** Longest output and deepest nesting accepted: backreferences can otherwise blow up on hostile names. */
const MAX_OUT = 2048;
const MAX_DEPTH = 64;
/** Productions parsed per name: re-parsing at backreferences (and pack expansions) is otherwise unbounded. */
const MAX_STEPS = 100_000;

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

/**
 * Demangles a symbol name; returns it unchanged when it is not mangled or uses what is not handled.
 * A clone suffix (`.constprop.0`, `.llvm.123`) is kept as ` [clone .constprop.0]` (dropped for `.llvm.`).
 */
export function demangle(name: string): string {
  try {
    if (name.startsWith('_R')) return rustV0(name);
    if (name.startsWith('_ZN')) {
      const r = rustLegacy(name);
      if (r !== undefined) return r;
    }
    if (name.startsWith('_Z')) return cxx(name);
  } catch (e) {
    if (!(e instanceof Bail)) throw e;
  }
  return name;
}

// ---- Rust, legacy ------------------------------------------------------------------------------------------

const LEGACY_ESCAPES: Readonly<Record<string, string>> = {
  SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',',
};

/** `_ZN` {len ident} `17h<16 hex>E` [suffix]: a Rust legacy symbol, or `undefined` when it is not one. */
function rustLegacy(name: string): string | undefined {
  let i = 3;
  const parts: string[] = [];
  while (i < name.length && name[i] !== 'E') {
    const m = /^[1-9][0-9]*/.exec(name.slice(i, i + 10));
    if (m === null) return undefined;
    const len = Number(m[0]);
    i += m[0].length;
    if (i + len > name.length) return undefined;
    parts.push(name.slice(i, i + len));
    i += len;
  }
  if (name[i] !== 'E' || parts.length < 2) return undefined;
  const rest = name.slice(i + 1);
  // The hash component is what tells Rust from C++ (whose `_ZN…E` is followed by parameter types).
  if (!/^h[0-9a-f]{16}$/.test(parts[parts.length - 1]!) || !(rest === '' || rest.startsWith('.'))) return undefined;
  const text = parts
    .slice(0, -1)
    .map((p) => unescapeLegacy(p.startsWith('_$') ? p.slice(1) : p))
    .join('::');
  return text + cloneSuffix(rest);
}

function unescapeLegacy(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; ) {
    if (p[i] === '$') {
      const e = p.indexOf('$', i + 1);
      if (e < 0) bail();
      const code = p.slice(i + 1, e);
      if (code in LEGACY_ESCAPES) out += LEGACY_ESCAPES[code];
      else if (/^u[0-9a-f]{1,6}$/.test(code)) out += String.fromCodePoint(parseInt(code.slice(1), 16));
      else bail();
      i = e + 1;
    } else if (p.startsWith('..', i)) {
      out += '::';
      i += 2;
    } else {
      out += p[i];
      i++;
    }
  }
  return out;
}

/** ` [clone .x]` for a compiler clone suffix, nothing for LLVM's `.llvm.N` (an implementation detail). */
function cloneSuffix(rest: string): string {
  if (rest === '' || rest.startsWith('.llvm.')) return '';
  return ` [clone ${rest}]`;
}

// ---- Rust, v0 ----------------------------------------------------------------------------------------------

const V0_BASIC: Readonly<Record<string, string>> = {
  a: 'i8', b: 'bool', c: 'char', d: 'f64', e: 'str', f: 'f32', h: 'u8', i: 'isize', j: 'usize', l: 'i32', m: 'u32',
  n: 'i128', o: 'u128', s: 'i16', t: 'u16', u: '()', v: '...', x: 'i64', y: 'u64', z: '!', p: '_',
};

/** A v0 symbol (RFC 2603), printed without crate disambiguators or the instantiating crate. */
function rustV0(name: string): string {
  let end = name.length;
  const dot = name.indexOf('.');
  if (dot >= 0) end = dot;
  const p = new V0(name.slice(2, end));
  if (p.peek() >= '0' && p.peek() <= '9') bail(); // an encoding version other than the current one
  const out = p.path(false);
  // What follows is the instantiating crate (`C…`), which the readable form leaves out.
  return out + cloneSuffix(dot >= 0 ? name.slice(dot) : '');
}

class V0 {
  private pos = 0;
  private depth = 0;
  private steps = 0;
  constructor(private readonly s: string) {}

  peek(): string {
    return this.s[this.pos] ?? '';
  }
  private next(): string {
    if (this.pos >= this.s.length) bail();
    return this.s[this.pos++]!;
  }
  private eat(c: string): boolean {
    if (this.s[this.pos] === c) {
      this.pos++;
      return true;
    }
    return false;
  }
  private guard<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH || ++this.steps > MAX_STEPS) bail();
    try {
      const r = f();
      if (typeof r === 'string' && r.length > MAX_OUT) bail();
      return r;
    } finally {
      this.depth--;
    }
  }
  /** base-62 number terminated by `_` (`_` alone is 0, otherwise the value plus one). */
  private base62(): number {
    if (this.eat('_')) return 0;
    let v = 0;
    for (;;) {
      const c = this.next();
      if (c === '_') return v + 1;
      const d = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 87 : c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 29 : bail();
      v = v * 62 + d; // crate disambiguators are 64-bit hashes: imprecise, and only backrefs need the value
    }
  }
  private disambiguator(): number {
    return this.eat('s') ? this.base62() + 1 : 0;
  }
  private decimal(): number {
    const m = /^(0|[1-9][0-9]{0,8})/.exec(this.s.slice(this.pos));
    if (m === null) bail();
    this.pos += m![0].length;
    return Number(m![0]);
  }
  private ident(): { dis: number; name: string } {
    const dis = this.disambiguator();
    if (this.eat('u')) bail(); // punycode
    const len = this.decimal();
    this.eat('_');
    if (this.pos + len > this.s.length) bail();
    const name = this.s.slice(this.pos, this.pos + len);
    this.pos += len;
    return { dis, name };
  }
  /** Runs `f` at the backreference target, then comes back. */
  private backref<T>(f: () => T): T {
    const at = this.pos - 1;
    const target = this.base62();
    if (target >= at) bail();
    const save = this.pos;
    this.pos = target;
    try {
      return this.guard(f);
    } finally {
      this.pos = save;
    }
  }

  /** A path; `inType` prints generic arguments as `Vec<u8>` rather than `f::<u8>`. */
  path(inType: boolean): string {
    return this.guard(() => {
      const tag = this.next();
      switch (tag) {
        case 'C':
          return this.ident().name;
        case 'M': {
          this.disambiguator();
          this.path(false);
          return `<${this.type()}>`;
        }
        case 'X': {
          this.disambiguator();
          this.path(false);
          const t = this.type();
          return `<${t} as ${this.path(true)}>`;
        }
        case 'Y': {
          const t = this.type();
          return `<${t} as ${this.path(true)}>`;
        }
        case 'N': {
          const ns = this.next();
          const prefix = this.path(inType);
          const { dis, name } = this.ident();
          if (ns >= 'a' && ns <= 'z') return name === '' ? prefix : `${prefix}::${name}`;
          const kind = ns === 'C' ? 'closure' : ns === 'S' ? 'shim' : ns;
          return `${prefix}::{${kind}${name === '' ? '' : ':' + name}#${dis}}`;
        }
        case 'I': {
          const base = this.path(inType);
          const args: string[] = [];
          while (!this.eat('E')) {
            const a = this.genericArg();
            if (a !== undefined) args.push(a);
          }
          return args.length === 0 ? base : `${base}${inType ? '' : '::'}<${args.join(', ')}>`;
        }
        case 'B':
          return this.backref(() => this.path(inType));
        default:
          return bail();
      }
    });
  }

  /** A generic argument; lifetimes print as nothing (`undefined`). */
  private genericArg(): string | undefined {
    if (this.eat('L')) {
      this.base62();
      return undefined;
    }
    if (this.eat('K')) return this.constant();
    return this.type();
  }

  private binder(): void {
    if (this.eat('G')) this.base62();
  }

  type(): string {
    return this.guard(() => {
      const c = this.peek();
      if (c in V0_BASIC && c !== '') {
        this.pos++;
        return V0_BASIC[c]!;
      }
      switch (c) {
        case 'R':
        case 'Q': {
          this.pos++;
          if (this.eat('L')) this.base62();
          return (c === 'R' ? '&' : '&mut ') + this.type();
        }
        case 'P':
          this.pos++;
          return '*const ' + this.type();
        case 'O':
          this.pos++;
          return '*mut ' + this.type();
        case 'A': {
          this.pos++;
          const t = this.type();
          return `[${t}; ${this.constant()}]`;
        }
        case 'S':
          this.pos++;
          return `[${this.type()}]`;
        case 'T': {
          this.pos++;
          const ts: string[] = [];
          while (!this.eat('E')) ts.push(this.type());
          return ts.length === 1 ? `(${ts[0]},)` : `(${ts.join(', ')})`;
        }
        case 'F': {
          this.pos++;
          this.binder();
          const unsafe = this.eat('U');
          let abi = '';
          if (this.eat('K')) abi = this.eat('C') ? 'extern "C" ' : `extern "${this.ident().name.replace(/_/g, '-')}" `;
          const args: string[] = [];
          while (!this.eat('E')) args.push(this.type());
          const ret = this.type();
          return `${unsafe ? 'unsafe ' : ''}${abi}fn(${args.join(', ')})${ret === '()' ? '' : ' -> ' + ret}`;
        }
        case 'D': {
          this.pos++;
          this.binder();
          const traits: string[] = [];
          while (!this.eat('E')) {
            let t = this.path(true);
            const assoc: string[] = [];
            while (this.eat('p')) {
              const n = this.ident().name;
              assoc.push(`${n} = ${this.type()}`);
            }
            if (assoc.length > 0) t = t.endsWith('>') ? `${t.slice(0, -1)}, ${assoc.join(', ')}>` : `${t}<${assoc.join(', ')}>`;
            traits.push(t);
          }
          if (!this.eat('L')) bail();
          this.base62();
          return `dyn ${traits.join(' + ')}`;
        }
        case 'B':
          this.pos++;
          return this.backref(() => this.type());
        default:
          return this.path(true);
      }
    });
  }

  /** A constant: `p` (placeholder), a backreference, or a type and hex digits (integers, bool, char). */
  private constant(): string {
    return this.guard(() => {
      if (this.eat('p')) return '_';
      if (this.eat('B')) return this.backref(() => this.constant());
      const t = this.next();
      if (!(t in V0_BASIC)) bail();
      const neg = this.eat('n');
      const start = this.pos;
      while (/[0-9a-f]/.test(this.peek())) this.pos++;
      const hex = this.s.slice(start, this.pos);
      if (!this.eat('_')) bail();
      const v = hex === '' ? 0n : BigInt('0x' + hex);
      if (t === 'b') return v === 0n ? 'false' : 'true';
      if (t === 'c') return `'${String.fromCodePoint(Number(v))}'`;
      return `${neg ? '-' : ''}${v}`;
    });
  }
}

// ---- C++ (Itanium), the common cases -----------------------------------------------------------------------

const CXX_BUILTIN: Readonly<Record<string, string>> = {
  v: 'void', w: 'wchar_t', b: 'bool', c: 'char', a: 'signed char', h: 'unsigned char', s: 'short',
  t: 'unsigned short', i: 'int', j: 'unsigned int', l: 'long', m: 'unsigned long', x: 'long long',
  y: 'unsigned long long', n: '__int128', o: 'unsigned __int128', f: 'float', d: 'double', e: 'long double',
  g: '__float128', z: '...',
};
const CXX_D_BUILTIN: Readonly<Record<string, string>> = { n: 'decltype(nullptr)', i: 'char32_t', s: 'char16_t', u: 'char8_t' };
const CXX_STD_SUBST: Readonly<Record<string, string>> = {
  a: 'std::allocator', b: 'std::basic_string', s: 'std::string', i: 'std::istream', o: 'std::ostream', d: 'std::iostream',
};
const CXX_OPERATORS: Readonly<Record<string, string>> = {
  nw: 'new', na: 'new[]', dl: 'delete', da: 'delete[]', ps: '+', ng: '-', ad: '&', de: '*', co: '~', pl: '+',
  mi: '-', ml: '*', dv: '/', rm: '%', an: '&', or: '|', eo: '^', aS: '=', pL: '+=', mI: '-=', mL: '*=', dV: '/=',
  rM: '%=', aN: '&=', oR: '|=', eO: '^=', ls: '<<', rs: '>>', lS: '<<=', rS: '>>=', eq: '==', ne: '!=', lt: '<',
  gt: '>', le: '<=', ge: '>=', ss: '<=>', nt: '!', aa: '&&', oo: '||', pp: '++', mm: '--', cm: ',', pm: '->*',
  pt: '->', cl: '()', ix: '[]',
};

function cxx(name: string): string {
  const dot = name.indexOf('.');
  const p = new Cxx(dot >= 0 ? name.slice(2, dot) : name.slice(2));
  const out = p.encoding();
  if (!p.done()) bail();
  return out + cloneSuffix(dot >= 0 ? name.slice(dot) : '');
}

/** A template argument: one, or a pack (`J…E`) of several. */
type CxxArg = string | readonly string[];
const showArgs = (args: readonly CxxArg[]) => args.map((a) => (typeof a === 'string' ? a : a.join(', '))).filter((a) => a !== '').join(', ');

/** A name as parsed: its text, and what a function encoding needs to know about it. */
interface CxxName {
  readonly text: string;
  /** Ends in template arguments (so the function type starts with a return type), not a constructor. */
  readonly template: boolean;
  /** `const`/`volatile` of a member function. */
  readonly cv: string;
}

class Cxx {
  private pos = 0;
  private depth = 0;
  private steps = 0;
  private readonly subs: string[] = [];
  private templateArgs: CxxArg[] = [];
  /** While expanding a pack (`Dp`): which element `T_` of a pack stands for, and the pack's length seen. */
  private packIndex: number | undefined;
  private packLength = -1;
  /** Parsing the encoding's own name (whose template arguments `T_` refers to), not a type inside it. */
  private inName = false;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.pos === this.s.length;
  }
  private peek(k = 0): string {
    return this.s[this.pos + k] ?? '';
  }
  private eat(c: string): boolean {
    if (this.s.startsWith(c, this.pos)) {
      this.pos += c.length;
      return true;
    }
    return false;
  }
  private guard<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH || ++this.steps > MAX_STEPS) bail();
    try {
      const r = f();
      if (typeof r === 'string' && r.length > MAX_OUT) bail();
      return r;
    } finally {
      this.depth--;
    }
  }

  encoding(): string {
    this.inName = true;
    const n = this.name();
    this.inName = false;
    if (this.done()) return n.text; // a data object or a special name
    const types: string[] = [];
    while (!this.done()) types.push(this.type());
    const ret = n.template ? types.shift()! : undefined;
    const params = types.length === 1 && types[0] === 'void' ? '' : types.filter((t) => t !== '').join(', ');
    return `${ret === undefined ? '' : ret + ' '}${n.text}(${params})${n.cv}`;
  }

  private name(): CxxName {
    return this.guard(() => {
      if (this.peek() === 'N') return this.nested();
      if (this.peek() === 'Z') return { text: this.localName(), template: false, cv: '' };
      if (this.peek() === 'L' && /[1-9]/.test(this.peek(1))) this.pos++; // internal linkage (static)
      let text: string;
      if (this.eat('St')) text = 'std::' + this.unqualified(undefined).text;
      else if (this.peek() === 'S') {
        text = this.substitution();
        if (this.peek() !== 'I') bail();
      } else text = this.unqualified(undefined).text;
      if (this.peek() === 'I') {
        this.subs.push(text);
        const args = this.templateArgList();
        if (this.inName) this.templateArgs = args;
        return { text: `${text}<${showArgs(args)}>`, template: true, cv: '' };
      }
      return { text, template: false, cv: '' };
    });
  }

  private nested(): CxxName {
    this.eat('N');
    let cv = '';
    for (;;) {
      if (this.eat('r')) cv += ' restrict';
      else if (this.eat('V')) cv += ' volatile';
      else if (this.eat('K')) cv += ' const';
      else break;
    }
    cv = cv.split(' ').filter(Boolean).reverse().map((q) => ' ' + q).join('');
    if (this.eat('R')) cv += ' &';
    else if (this.eat('O')) cv += ' &&';
    let prefix = '';
    let last = '';
    let template = false;
    let ctor = false;
    let substituted = false; // the prefix is a substitution, which is never a candidate again
    while (!this.eat('E')) {
      if (this.done()) bail();
      if (prefix !== '' && !substituted) this.subs.push(prefix);
      substituted = false;
      if (this.peek() === 'I') {
        if (prefix === '') bail();
        const args = this.templateArgList();
        if (this.inName) this.templateArgs = args;
        prefix = `${prefix}<${showArgs(args)}>`;
        template = true;
        continue;
      }
      template = false;
      if ((this.peek() === 'S' && !this.s.startsWith('St', this.pos)) || this.peek() === 'T') {
        substituted = this.peek() === 'S';
        prefix = substituted ? this.substitution() : this.templateParam();
        last = prefix.replace(/<.*$/, '').split('::').pop()!;
        continue;
      }
      if (this.eat('St')) {
        prefix = 'std';
      }
      const u = this.unqualified(last);
      ctor = u.ctor;
      last = u.base;
      prefix = prefix === '' ? u.text : `${prefix}::${u.text}`;
    }
    return { text: prefix, template: template && !ctor, cv };
  }

  /** A source name, constructor/destructor (named after `enclosing`) or operator. */
  private unqualified(enclosing: string | undefined): { text: string; base: string; ctor: boolean } {
    const c = this.peek();
    if (c >= '1' && c <= '9') {
      const id = this.sourceName();
      return { text: id, base: id, ctor: false };
    }
    if ((c === 'C' || c === 'D') && /[0-5I]/.test(this.peek(1))) {
      if (enclosing === undefined || enclosing === '' || this.peek(1) === 'I') bail();
      this.pos += 2;
      const base = enclosing!.replace(/<.*$/, '');
      return { text: c === 'C' ? base : '~' + base, base: enclosing!, ctor: true };
    }
    const op = CXX_OPERATORS[this.s.slice(this.pos, this.pos + 2)];
    if (op !== undefined) {
      this.pos += 2;
      const t = `operator${/^[a-z]/.test(op) ? ' ' : ''}${op}`;
      return { text: t, base: t, ctor: false };
    }
    return bail();
  }

  private sourceName(): string {
    const m = /^[1-9][0-9]{0,5}/.exec(this.s.slice(this.pos));
    if (m === null) bail();
    this.pos += m![0].length;
    const len = Number(m![0]);
    if (this.pos + len > this.s.length) bail();
    const id = this.s.slice(this.pos, this.pos + len);
    this.pos += len;
    return id.startsWith('_GLOBAL__N') ? '(anonymous namespace)' : id;
  }

  private substitution(): string {
    this.eat('S');
    const c = this.peek();
    if (c in CXX_STD_SUBST) {
      this.pos++;
      return CXX_STD_SUBST[c]!;
    }
    let idx = 0;
    if (this.eat('_')) idx = 0;
    else {
      let v = 0;
      for (;;) {
        const d = this.peek();
        this.pos++;
        if (d === '_') break;
        if (d >= '0' && d <= '9') v = v * 36 + d.charCodeAt(0) - 48;
        else if (d >= 'A' && d <= 'Z') v = v * 36 + d.charCodeAt(0) - 55;
        else bail();
      }
      idx = v + 1;
    }
    const s = this.subs[idx];
    if (s === undefined) bail();
    return s!;
  }

  private templateParam(): string {
    this.eat('T');
    let idx = 0;
    if (!this.eat('_')) {
      const m = /^[0-9]+_/.exec(this.s.slice(this.pos));
      if (m === null) bail();
      this.pos += m![0].length;
      idx = Number(m![0].slice(0, -1)) + 1;
    }
    const a = this.templateArgs[idx];
    if (a === undefined) bail();
    if (typeof a === 'string') return a;
    if (this.packIndex === undefined) return a!.join(', ');
    this.packLength = a!.length;
    return a![this.packIndex] ?? '';
  }

  /** `F [Y] <return type> <parameter types> [ref-qualifier] E`: the return type and the parameter list. */
  private functionType(): [string, string] {
    this.eat('F');
    this.eat('Y');
    const ret = this.type();
    const params: string[] = [];
    while (!this.eat('E')) {
      if ((this.peek() === 'R' || this.peek() === 'O') && this.peek(1) === 'E') {
        this.pos++;
        continue;
      }
      params.push(this.type());
    }
    return [ret, params.length === 1 && params[0] === 'void' ? '' : params.join(', ')];
  }

  /**
   * `Dp <type>`: the type once per element of the pack its `T_` names (`Dp OT0_` over `int, int` is
   * `int&&, int&&`). Substitution candidates are those of the first expansion.
   */
  private packExpansion(): string {
    this.pos += 2;
    const start = this.pos;
    const saved = [this.packIndex, this.packLength] as const;
    try {
      this.packIndex = 0;
      this.packLength = -1;
      const first = this.type();
      const n = this.packLength;
      if (n < 0) return first; // not over a pack after all
      const end = this.pos;
      const subs = this.subs.length;
      const all = n === 0 ? [] : [first];
      for (let i = 1; i < n; i++) {
        this.pos = start;
        this.packIndex = i;
        all.push(this.type());
        this.subs.length = subs;
      }
      this.pos = end;
      return all.join(', ');
    } finally {
      [this.packIndex, this.packLength] = saved;
    }
  }

  /** `Z <function> E <entity> [discriminator]`: a name local to a function, lambdas (`Ul…E`) included. */
  private localName(): string {
    this.eat('Z');
    const fn = this.name().text;
    while (!this.eat('E')) this.type(); // the enclosing function's parameters, not shown
    let entity: string;
    if (this.eat('Ul')) {
      const sig: string[] = [];
      while (!this.eat('E')) sig.push(this.type());
      const m = /^[0-9]*_/.exec(this.s.slice(this.pos));
      if (m === null) bail();
      this.pos += m![0].length;
      const n = m![0] === '_' ? 1 : Number(m![0].slice(0, -1)) + 2;
      entity = `{lambda(${sig.length === 1 && sig[0] === 'void' ? '' : sig.join(', ')})#${n}}`;
    } else if (this.eat('s')) entity = 'string literal';
    else entity = this.unqualified(undefined).text;
    const d = /^(_[0-9]|__[0-9]+_)/.exec(this.s.slice(this.pos));
    if (d !== null) this.pos += d[0].length;
    return `${fn}::${entity}`;
  }

  private templateArgList(): CxxArg[] {
    this.eat('I');
    const args: CxxArg[] = [];
    while (!this.eat('E')) {
      if (this.done()) bail();
      if (this.eat('J')) {
        const pack: string[] = [];
        while (!this.eat('E')) {
          if (this.done()) bail();
          pack.push(this.templateArg());
        }
        args.push(pack);
      } else args.push(this.templateArg());
    }
    return args;
  }

  /** A type, or a literal `L <type> <value> E`. */
  private templateArg(): string {
    if (!this.eat('L')) return this.type();
    const t = this.type();
    const m = /^n?[0-9]+/.exec(this.s.slice(this.pos));
    if (m === null) bail();
    this.pos += m![0].length;
    if (!this.eat('E')) bail();
    const v = m![0].replace(/^n/, '-');
    return t === 'bool' ? (v === '0' ? 'false' : 'true') : t === 'int' ? v : `(${t})${v}`;
  }

  private type(): string {
    const inName = this.inName;
    this.inName = false;
    try {
      return this.typeInner();
    } finally {
      this.inName = inName;
    }
  }

  private typeInner(): string {
    return this.guard(() => {
      const c = this.peek();
      if (c in CXX_BUILTIN && c !== '') {
        this.pos++;
        return CXX_BUILTIN[c]!;
      }
      if (c === 'D' && this.peek(1) in CXX_D_BUILTIN) {
        this.pos += 2;
        return CXX_D_BUILTIN[this.s[this.pos - 1]!]!;
      }
      if (c === 'D' && this.peek(1) === 'p') return this.packExpansion();
      let out: string;
      switch (c) {
        case 'F': {
          const [ret, params] = this.functionType();
          out = `${ret} (${params})`;
          break;
        }
        case 'Z':
          out = this.localName();
          break;
        case 'K':
        case 'V':
        case 'r': {
          this.pos++;
          const inner = this.type();
          const q = c === 'K' ? 'const' : c === 'V' ? 'volatile' : 'restrict';
          out = `${inner} ${q}`;
          break;
        }
        case 'P':
        case 'R':
        case 'O': {
          this.pos++;
          const sym = c === 'P' ? '*' : c === 'R' ? '&' : '&&';
          if (this.peek() === 'F') {
            // A pointer or reference to a function: `int (*)(char)`; the function type is a candidate too.
            const [ret, params] = this.functionType();
            this.subs.push(`${ret} (${params})`);
            out = `${ret} (${sym})(${params})`;
          } else out = this.type() + sym;
          break;
        }
        case 'S':
          if (this.peek(1) === 't') {
            this.pos += 2;
            out = 'std::' + this.unqualified(undefined).text;
            if (this.peek() === 'I') {
              this.subs.push(out);
              out = `${out}<${showArgs(this.templateArgList())}>`;
            }
            break;
          }
          out = this.substitution();
          if (this.peek() === 'I') {
            out = `${out}<${showArgs(this.templateArgList())}>`;
            break;
          }
          return out; // a substitution is not a new candidate
        case 'T':
          out = this.templateParam();
          break;
        case 'N':
          out = this.nested().text;
          break;
        default:
          if (c >= '1' && c <= '9') {
            out = this.sourceName();
            if (this.peek() === 'I') {
              this.subs.push(out);
              out = `${out}<${showArgs(this.templateArgList())}>`;
            }
            break;
          }
          return bail();
      }
      this.subs.push(out);
      return out;
    });
  }
}
