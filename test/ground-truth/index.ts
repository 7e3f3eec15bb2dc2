import { POSTURE_GROUND_TRUTH } from './posture';
import type { GroundTruthTable } from './types';

/** Every managed question's ground truth, one module per body of data. */
export const GROUND_TRUTH: GroundTruthTable = {
  ...POSTURE_GROUND_TRUTH,
};

export type { GroundTruth, GroundTruthInput, GroundTruthTable } from './types';
