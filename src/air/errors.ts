/**
 * The error type of the AIR framework: malformed component or AIR descriptions, witnesses of the wrong
 * shape, and failed witness checks.
 * @module
 */
import { ZkvmError } from '../errors/zkvm-error.js';

/** Why an AIR operation was rejected. */
export type AirErrorCode =
  /** A component, expression, relation or AIR description is malformed. */
  | 'INVALID_DESCRIPTION'
  /** A witness (trace columns) has the wrong number, length or values. */
  | 'INVALID_WITNESS'
  /** Evaluation failed (for example a logUp denominator is zero on some row). */
  | 'EVALUATION_FAILED'
  /** A public value is not a canonical field element (it would be reduced modulo p and alias another). */
  | 'NON_CANONICAL';

/** A rejected AIR description, witness or evaluation. */
export class AirError extends ZkvmError<AirErrorCode> {
  override readonly name = 'AirError';
}
