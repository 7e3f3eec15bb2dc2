import { CORE_GROUND_TRUTH } from './core';
import { ACCESS_GROUND_TRUTH } from './access';
import { POLICY_GROUND_TRUTH } from './policies';
import { POSTURE_GROUND_TRUTH } from './posture';
import { ACTIVITY_GROUND_TRUTH } from './activity';
import type { GroundTruthTable } from './types';

/** Every managed question's ground truth, one module per body of data. */
export const GROUND_TRUTH: GroundTruthTable = {
  ...CORE_GROUND_TRUTH,
  ...ACCESS_GROUND_TRUTH,
  ...POLICY_GROUND_TRUTH,
  ...POSTURE_GROUND_TRUTH,
  ...ACTIVITY_GROUND_TRUTH,
};

export type { GroundTruth, GroundTruthInput, GroundTruthTable } from './types';
