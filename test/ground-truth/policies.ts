/**
 * Ground truth of the device policy questions, from the simulator's policies (default counts,
 * as the recording simulators and the end-to-end runs use them): which policy reaches which
 * system by any route, and the latest result of each.
 */
import { expectedEncryption, type SimulatedOrg } from '../../simulator';
import {
  latestResults,
  orgPolicies,
  policyRoutes,
  PolicyTemplateNames,
  type PolicyResult,
} from '../../simulator';
import type { GroundTruthTable } from './types';

const PREFIX = 'integration-question-jumpcloud-';

interface Reach {
  policyId: string;
  systemId: string;
  templateName: string;
  result: PolicyResult | undefined;
}

/** Every (policy, collected system) pair a policy reaches, with its latest result. */
function reaches(org: SimulatedOrg): Reach[] {
  const data = orgPolicies(org);
  const routes = policyRoutes(org, data.policies, data.bindings);
  const results = latestResults(data);
  const systems = new Set(org.systems.map((s) => s.id));
  const out: Reach[] = [];
  for (const policy of data.policies) {
    for (const systemId of routes.systems.get(policy.id)?.keys() ?? []) {
      if (!systems.has(systemId)) continue;
      out.push({
        policyId: policy.id,
        systemId,
        templateName: policy.template.name,
        result: results.get(policy.id)?.get(systemId),
      });
    }
  }
  return out;
}

const ENCRYPTION = new Set<string>([PolicyTemplateNames.FILEVAULT, PolicyTemplateNames.BITLOCKER]);

function sortedUnique(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort();
}

export const POLICY_GROUND_TRUTH: GroundTruthTable = {
  [`${PREFIX}devices-without-encryption-policy`]: ({ directory }) =>
    sortedUnique(
      directory.orgs.flatMap((org) => {
        const covered = new Set(
          reaches(org)
            .filter((r) => ENCRYPTION.has(r.templateName))
            .map((r) => `${r.systemId}|${r.templateName}`),
        );
        return org.systems
          .filter(
            (s) =>
              (s.osFamily === 'darwin' &&
                !covered.has(`${s.id}|${PolicyTemplateNames.FILEVAULT}`)) ||
              (s.osFamily === 'windows' &&
                !covered.has(`${s.id}|${PolicyTemplateNames.BITLOCKER}`)),
          )
          .map((s) => s.id);
      }),
    ),

  [`${PREFIX}devices-with-failed-policies`]: ({ directory }) =>
    sortedUnique(
      directory.orgs.flatMap((org) =>
        reaches(org)
          .filter((r) => r.result?.state === 'failed')
          .map((r) => r.systemId),
      ),
    ),

  [`${PREFIX}policies-bound-to-nothing`]: ({ directory }) =>
    sortedUnique(
      directory.orgs.flatMap((org) => {
        const data = orgPolicies(org);
        const bound = new Set([
          ...reaches(org).map((r) => r.policyId),
          ...data.bindings.policySystemGroups.map((b) => b.policyId),
        ]);
        return data.policies.filter((p) => !bound.has(p.id)).map((p) => p.id);
      }),
    ),

  [`${PREFIX}encryption-policy-succeeded-not-encrypted`]: ({ directory }) =>
    sortedUnique(
      directory.orgs.flatMap((org) => {
        const verdicts = expectedEncryption(org);
        const encrypted = new Set(
          org.systems.filter((s) => verdicts.get(s.id)?.encrypted === true).map((s) => s.id),
        );
        return reaches(org)
          .filter(
            (r) =>
              ENCRYPTION.has(r.templateName) &&
              r.result?.state === 'success' &&
              !encrypted.has(r.systemId),
          )
          .map((r) => r.systemId);
      }),
    ),
};
