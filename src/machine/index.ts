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
export { programTable, programComponent, programPreprocessed, tableOpcode, logSizeFor, MIN_LOG_SIZE, NO_TARGET, PROGRAM_COLUMNS, type ProgramTable } from './program-table.js';
export { registerAccess, memoryAccess, tsLimbs, tsLimbNames } from './access.js';
export { addSubComponent, ADD_SUB } from './add-sub.js';
export { jumpUpperComponent, JUMP_UPPER } from './jump-upper.js';
export { branchComponent, BRANCH } from './branch.js';
export { lessThan, lessThanRow, BORROW_CHAIN, type LessThanRow } from './less-than.js';
export { compareComponent, COMPARE } from './compare.js';
export { bitwiseComponent, BITWISE } from './bitwise.js';
export { shiftComponent, shiftBytes, SHIFT_FAMILY, SHIFT_AMOUNT } from './shift.js';
export { productChain, chainLabel, chainTerms, chainCarries, fillChainCarries, CHAIN_HALVES } from './product-chain.js';
export { mulComponent, fillMulRow, wordBytes, MUL_FAMILY } from './mul.js';
export { divRemComponent, fillDivRemRow, fillRemainderBound, divRemResults, DIV_REM, DIV_REM_LABELS } from './div-rem.js';
export { exitComponent, EXIT, A0, A7 } from './exit.js';
export { loadComponent, LOAD } from './load.js';
export { ecallIoComponent, ECALL_IO, A1, A2 } from './ecall-io.js';
export { ioByteComponent, IO_BYTE } from './io-byte.js';
export { storeComponent, STORE } from './store.js';
export { effectiveAddress, type Address } from './address.js';
export { memImageComponent, memZeroComponent, zeroPagesComponent, MEM_IMAGE, MEM_ZERO, ZERO_PAGES, SENTINEL_PAGE } from './mem-boundary.js';
export { memoryLayout, PAGE_WORDS, type MemoryLayout, type ImageTable } from './memory-layout.js';
export { u16Component, andComponent, shiftTableComponent, regFinalComponent, tablePreprocessed, U16_TABLE, AND_TABLE, SHIFT_TABLE, SHIFT_TABLE_LOG_SIZE, REG_FINAL, REG_FINAL_LOG_SIZE } from './tables.js';
export { machineAir, machineProgram, machineMinLogSize, publicTerms, checkSizes, MACHINE_AIR_NAME, MACHINE_COMPONENTS, MAX_FAMILY_LOG_SIZE, type MachineProgram, type MachineSizes, SIZE_KEYS } from './air.js';
export { machineStatement, starkStatement, statementOf, MAX_IO_BYTES, PROGRAM_ID_BYTES, type ExecutionClaim, type MachineStatement, type MachineStatementFields } from './statement.js';
export { traceFromPcs, traceFromExecution, recountTables, traceColumn, toWitness, type MachineTrace, type WitnessInputs } from './witness.js';
export { proveExecution, proveChecked, EXECUTION_PHASES, MAX_PROVE_CYCLES, type ExecutionProof, type ProveExecutionOptions } from './prove.js';
export { verifyExecution, executionSecurity, executionSecurityBits, executionSetup, statementSecurity, copySizes, MAX_PREPROCESSED_COMMIT_LOG_SIZE, type ExecutionSetup, type MachineProof, type VerifyExecutionOptions } from './verify.js';
export {
  decodeProofFile,
  decodeEnvelopeProof,
  readProofFileEnvelope,
  encodeProofFile,
  looksLikeProofFile,
  ProofFileError,
  PROOF_FILE_MAGIC,
  PROOF_FILE_VERSION,
  MAX_PROOF_FILE_BYTES,
  type DecodeProofFileOptions,
  type ProofFile,
  type ProofFileContents,
  type ProofFileEnvelope,
  type ProofFileErrorCode,
} from './proof-file.js';
export { verifyProofFile, ProofRejectedError, type ProofExpectations, type ProofRejectedCode, type VerifiedProof } from './verify-file.js';
