/**
 * What the machine AIR needs to know about a program: its decoded code (`program-table.ts`), its data-memory
 * layout (`memory-layout.ts`) and the smallest component size the configuration allows.
 * @module
 */
import type { StarkConfig } from '../stark/config.js';
import { ZK_SLACK } from '../stark/layout.js';
import type { ElfImage } from '../vm/elf.js';
import { memoryLayout } from './memory-layout.js';
import type { MemoryLayout } from './memory-layout.js';
import { logSizeFor, MIN_LOG_SIZE, programTable } from './program-table.js';
import type { ProgramTable } from './program-table.js';

/** A program as the AIR sees it. */
export interface MachineProgram {
  readonly table: ProgramTable;
  readonly layout: MemoryLayout;
  /** Smallest component log size (zero knowledge needs enough rows to mask; see {@link machineMinLogSize}). */
  readonly minLog: number;
}

/**
 * Derives the {@link MachineProgram} of an ELF image, with components of at least 2^minLog rows.
 * @throws MachineError `INVALID_PROGRAM`
 */
export function machineProgram(image: ElfImage, minLog = MIN_LOG_SIZE): MachineProgram {
  return Object.freeze({ table: programTable(image, minLog), layout: memoryLayout(image, minLog), minLog });
}

/**
 * The smallest component log size a configuration needs: with zero knowledge every committed column is
 * masked by a random polynomial with one coefficient per value the proof reveals (`stark/layout.ts`: 4·o +
 * q·(1 + o) + slack for o ≤ 2 row offsets and q queries), which must fit the component's rows.
 */
export function machineMinLogSize(config: StarkConfig): number {
  if (!config.zeroKnowledge) return MIN_LOG_SIZE;
  return logSizeFor(4 * 2 + config.pcs.fri.nQueries * 3 + ZK_SLACK);
}
