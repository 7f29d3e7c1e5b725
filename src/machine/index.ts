/**
 * The RV32IM arithmetization (see `docs/machine.md`): the machine AIR of a program, witness generation
 * from an execution, and proving and verifying runs. Implemented: the AddSub family (ADD, SUB, ADDI,
 * LUI), JumpUpper (JAL, JALR, AUIPC), Branch (the six branches), Compare (SLT, SLTU, SLTI, SLTIU), Bitwise
 * (AND, OR, XOR and their immediate forms), Shift (SLL, SRL, SRA and their immediate forms), Mul (MUL,
 * MULH, MULHSU, MULHU), DivRem (DIV, DIVU, REM, REMU), Load (LB, LH, LW, LBU, LHU) and Store (SB, SH, SW)
 * over word-cell data memory, and the read/write/exit system calls with the public input and output bound
 * byte by byte. `fence` (any ordering bits, `fence.tso`) is the executor's no-op and is proven as
 * `addi x0, x0, 0` (the program table stores it so); `ebreak`, CSRs and other words outside RV32IM have no
 * component, and the executor faults on them before any proving.
 * @module
 */
export { MachineError, type MachineErrorCode } from './errors.js';
export * from './relations.js';
export { programTable, programPreprocessed, tableOpcode, logSizeFor, MIN_LOG_SIZE, NO_TARGET, PROGRAM_COLUMNS, type ProgramTable } from './program-table.js';
export { registerAccess, memoryAccess, tsLimbs, tsLimbNames, aluRowInteractions, fillAluOperands, fillAluWrite, fillRegisterAccess, type AluColumn } from './gadgets/access.js';
export { lessThan, fillLessThan, BORROW_CHAIN, type LessThanColumn } from './gadgets/less-than.js';
export { productChain, chainLabel, chainTerms, chainCarries, fillChainCarries, CHAIN_HALVES, type ChainColumn } from './gadgets/product-chain.js';
export { effectiveAddress, fillAddress, type Address, type AddressColumn } from './gadgets/address.js';
export { u16Below } from './gadgets/range.js';
export { declareColumns, Rows, type ColumnOf, type RowColumns, type LimbColumns } from './families/columns.js';
export { defineFamily, type Family, type FamilySpec, type Cycle, type ProgramFields, type WitnessContext } from './families/family.js';
export { RV32IM, RV32IM_FAMILIES, machineRegistry, familyTable, type MachineRegistry } from './families/registry.js';
export { addSub, ADD_SUB } from './families/add-sub.js';
export { jumpUpper, JUMP_UPPER } from './families/jump-upper.js';
export { branch, BRANCH } from './families/branch.js';
export { compare, COMPARE } from './families/compare.js';
export { bitwise, BITWISE } from './families/bitwise.js';
export { shift, shiftBytes, SHIFT_FAMILY, SHIFT_AMOUNT } from './families/shift.js';
export { mul, fillMulRow, wordBytes, MUL_FAMILY } from './families/mul.js';
export { divRem, fillDivRemRow, fillRemainderBound, divRemResults, DIV_REM, DIV_REM_LABELS } from './families/div-rem.js';
export { exit, EXIT, A0, A7 } from './families/exit.js';
export { load, LOAD } from './families/load.js';
export { ecallIo, ECALL_IO, A1, A2, K_HIGH_BITS } from './families/ecall-io.js';
export { ioByte, copyRow, IO_BYTE, type CopyFlag } from './families/io-byte.js';
export { store, STORE } from './families/store.js';
export { memImage, memZero, zeroPages, memoryPreprocessed, MEM_IMAGE, MEM_ZERO, ZERO_PAGES, SENTINEL_PAGE } from './families/mem-boundary.js';
export { program, PROGRAM } from './families/program.js';
export { u16Table, andTable, shiftTable, regFinal, tablePreprocessed, U16_TABLE, AND_TABLE, SHIFT_TABLE, SHIFT_TABLE_LOG_SIZE, REG_FINAL, REG_FINAL_LOG_SIZE } from './families/tables.js';
export { memoryLayout, PAGE_WORDS, type MemoryLayout, type ImageTable } from './memory-layout.js';
export { machineAir, componentLogSizes, publicTerms, checkSizes, MACHINE_AIR_NAME, MACHINE_COMPONENTS, MAX_FAMILY_LOG_SIZE, type MachineSizes, SIZE_KEYS } from './air.js';
export { machineStatement, starkStatement, statementOf, MAX_IO_BYTES, PROGRAM_ID_BYTES, type ExecutionClaim, type MachineStatement, type MachineStatementFields } from './statement.js';
export { machineProgram, machineMinLogSize, type MachineProgram } from './program.js';
export { witnessFromTrace, traceFromExecution, recountTables, traceColumn, toWitness, type MachineTrace, type WitnessInputs } from './prover/witness.js';
export { proveExecution, proveChecked, EXECUTION_PHASES, MAX_PROVE_CYCLES, type ExecutionProof, type ProveExecutionOptions } from './prover/prove.js';
export { verifySharded, shardChecker, shardRootCache, type ShardChecker, type ShardProof, type ShardedMachineProof, type VerifyShardedOptions } from './verify-shards.js';
export {
  proveSharded,
  planShards,
  forEachShard,
  commitShardJob,
  proveShardJob,
  proveShardWithLink,
  commitShardTrace,
  shardLink,
  seededRandom,
  checkShardCycles,
  DEFAULT_SHARD_CYCLES,
  MIN_SHARD_CYCLES,
  MAX_SHARD_CYCLES,
  type ShardJob,
  type ShardedRun,
  type ShardEvent,
  type ProveShardedOptions,
  type ShardedExecutionProof,
} from './prover/shards.js';
export { regBoundary, memShard, REG_BOUNDARY, MEM_SHARD, type ShardPosition } from './families/shard-boundary.js';
export { shardRegistry, SHARD_AIR_NAME } from './families/registry.js';
export { shardAir, jointTerms, type ShardSizes } from './air.js';
export { statementDigest, shardStatement } from './statement.js';
export { shardWitness, runState, type RunState } from './prover/witness.js';
export { verifyExecution, executionSecurity, executionSecurityBits, executionSetup, statementSecurity, statementSecurityBits, copySizes, MAX_PREPROCESSED_COMMIT_LOG_SIZE, type ExecutionSetup, type MachineProof, type VerifyExecutionOptions } from './verify.js';
export {
  decodeProofFile,
  decodeEnvelopeProof,
  decodeEnvelopeShard,
  readProofFileEnvelope,
  encodeProofFile,
  looksLikeProofFile,
  ProofFileError,
  PROOF_FILE_MAGIC,
  PROOF_FILE_VERSION,
  SHARDED_PROOF_FILE_VERSION,
  MAX_PROOF_FILE_BYTES,
  type AnyProofFile,
  type AnyProofFileEnvelope,
  type DecodeProofFileOptions,
  type ProofFile,
  type ProofFileContents,
  type ProofFileEnvelope,
  type ShardedProofFile,
  type ShardedProofFileContents,
  type ShardedProofFileEnvelope,
  type ShardEnvelope,
  type ProofFileErrorCode,
} from './proof-file.js';
export { verifyProofFile, ProofRejectedError, type ProofExpectations, type ProofRejectedCode, type VerifiedProof, type VerifiedSingleProof, type VerifiedShardedProof } from './verify-file.js';
