/**
 * The RV32IM virtual machine: ELF loading, decoding, execution and tracing.
 * @module
 */
export { parseElf, PF_R, PF_W, PF_X, type ElfImage, type ElfSegment } from './elf.js';
export { ElfError, VmError, hex32, type VmErrorCode } from './errors.js';
export { decode, disassemble, Op, OP_NAMES, OP_COUNT, type Decoded } from './decoder.js';
export { execute, DEFAULT_MAX_CYCLES, type ExecuteOptions, type ExecutionResult, type ExecutionMode } from './executor.js';
export { Syscall, Fd } from './syscalls.js';
export { TRACE_COLUMNS, type ExecutionTrace, type TraceChunk, type EcallRecord, type TraceColumn } from './trace.js';
export { DEFAULT_MEMORY_LIMIT, PAGE_SIZE } from './memory.js';
export { programId, programIdHex } from './program-id.js';
export { readCodeSymbols, symbolAt, type CodeSymbol, type SymbolTable } from './elf-symbols.js';
export { demangle } from './demangle.js';
export {
  profile, profileImage, DEFAULT_MAX_STACK_DEPTH,
  type Profile, type ProfileOptions, type ProfileFrame, type FunctionStats, type SyscallStats, type StackNode,
} from './profile.js';
export {
  formatProfileTable, profileSummary, flameGraphSvg, speedscopeProfile, SPEEDSCOPE_MAX_SAMPLES,
  type ProfileSummary, type FlameGraphOptions, type SpeedscopeFile,
} from './profile-format.js';
