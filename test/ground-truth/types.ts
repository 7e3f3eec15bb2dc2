/**
 * Ground truth for the managed questions, computed from the simulator's generated data
 * (never from the collected graph, never through the J1QL engine). One module per body of
 * data exports a `GroundTruthTable`; ./index.ts joins them.
 */
import type { SimulatedDirectory } from '../../simulator';

export interface GroundTruthInput {
  /** The simulated directory the collection was made against (same options). */
  directory: SimulatedDirectory;
  /** The as-of time the question is asked at (epoch ms). */
  now: number;
}

/**
 * The `_key`s of the entities a question finds: those bound to the alias of its `FIND`
 * (the first entity of the query), unique and sorted.
 */
export type GroundTruth = (input: GroundTruthInput) => string[];

/** Question `id` (as in jupiterone/questions/questions.yaml) to its ground truth. */
export type GroundTruthTable = Record<string, GroundTruth>;
