/**
 * Ground truth of the endpoint posture questions, from the simulator's System Insights data
 * (simulator/posture/generate.ts, simulator/posture/software.ts): what each question's FIND alias must match.
 */
import { createHash } from 'crypto';

import type { SimulatedOrg } from '../../simulator';
import { orgPosture } from '../../simulator/posture/generate';
import { installedSoftware } from '../../simulator/posture/software';
import type { GroundTruthInput, GroundTruthTable } from './types';

const PREFIX = 'integration-question-jumpcloud-';

function sorted(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort();
}

function everyOrg(
  input: GroundTruthInput,
  keys: (org: SimulatedOrg) => Iterable<string>,
): string[] {
  return sorted(input.directory.orgs.flatMap((org) => [...keys(org)]));
}

function fingerprint(blob: string): string {
  const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const POSTURE_GROUND_TRUTH: GroundTruthTable = {
  [`${PREFIX}stale-local-accounts`]: (input) =>
    everyOrg(input, (org) =>
      orgPosture(org)
        .accounts.filter(
          (a) => a.interactive && a.lastLoginMs !== null && a.lastLoginMs < input.now - 90 * DAY_MS,
        )
        .map((a) => `jumpcloud_local_account:${a.systemId}:${a.uid}`),
    ),

  // Login accounts with admin rights, not disabled as far as the agent tells, that belong
  // to no bound JumpCloud user.
  [`${PREFIX}unmanaged-local-administrators`]: (input) =>
    everyOrg(input, (org) => {
      const posture = orgPosture(org);
      const suspended = new Set(
        posture.users
          .filter((row) => row.suspended === true)
          .map((row) => `${row.system_id}:${row.uid}`),
      );
      return posture.accounts
        .filter(
          (a) =>
            a.interactive &&
            a.admin &&
            !a.jumpcloudUserId &&
            !suspended.has(`${a.systemId}:${a.uid}`),
        )
        .map((a) => `jumpcloud_local_account:${a.systemId}:${a.uid}`);
    }),

  // Data volumes as the simulator meant its machines (not /boot, EFI, LUKS containers, loops).
  [`${PREFIX}devices-unencrypted-volume`]: (input) =>
    everyOrg(input, (org) =>
      orgPosture(org)
        .disks.filter((disk) => disk.dataVolumes.some((volume) => !volume.encrypted))
        .map((disk) => disk.systemId),
    ),

  [`${PREFIX}devices-firewall-off`]: (input) =>
    everyOrg(input, (org) =>
      [...orgPosture(org).firewall].filter(([, on]) => !on).map(([systemId]) => systemId),
    ),

  [`${PREFIX}ssh-key-on-many-devices`]: (input) =>
    everyOrg(input, (org) => {
      const systems = new Map<string, Set<string>>();
      for (const key of orgPosture(org).keys) {
        const id = fingerprint(key.blob);
        systems.set(id, (systems.get(id) ?? new Set()).add(key.systemId));
      }
      return [...systems]
        .filter(([, on]) => on.size > 5)
        .map(([id]) => `jumpcloud_ssh_key:${org.id}:${id}`);
    }),

  [`${PREFIX}devices-running-application-below-version`]: (input) =>
    everyOrg(input, (org) =>
      installedSoftware(org)
        .filter((s) => s.name === 'Google Chrome' && Number(s.version.split('.')[0]) < 131)
        .map((s) => s.systemId),
    ),
};
