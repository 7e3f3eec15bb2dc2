import { IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { JumpCloudAppleMdm, JumpCloudAppleMdmDevice } from '../../jumpcloud/types';
import { IngestionSources } from '../constants';
import {
  AppleMdmRead,
  getCollectedOrganizations,
  rememberAppleMdm,
  rememberedAppleMdm,
} from '../shared/collected';
import { isIngestionSourceEnabled } from '../shared/ingestion';
import { readList, ReadList } from '../shared/read-list';
import { optionalBoolean } from '../shared/values';
import { appleDeviceKind, normalizeSerial } from './converter';

/**
 * `read-apple-mdm`: reads Apple MDM (the MDMs of every collected organization and each one's
 * devices) before the devices step, which needs MDM's FileVault status for its `encrypted`
 * verdict (JupiterOne cannot change a device once written), and remembers it for the run; the
 * Apple MDM step, after the devices step (its edges need the devices), writes what was read
 * without requesting it again. So the requests are the ones the MDM step made before.
 *
 * It writes nothing and never fails: a list that could not be read is remembered with its
 * error, which the Apple MDM step meets as if it had made the request (a 403 then warns and
 * reports the MDM types partial, as before). A failing step would make the devices step and
 * every step after it partial (the runtime's PARTIAL_SUCCESS_DUE_TO_DEPENDENCY_FAILURE). It
 * carries no ingestion source (the runtime disables every dependent of a disabled step, and
 * the devices step depends on it): it reads nothing when `apple-mdm` is off. The activity step
 * is built the same way (src/steps/activity/index.ts).
 */
export async function readAppleMdm({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  if (!isIngestionSourceEnabled(instance, IngestionSources.APPLE_MDM)) return;
  const client = getOrCreateClient(instance.config, logger);
  const read: AppleMdmRead = new Map();
  const organizations = await getCollectedOrganizations({ jobState, instance });
  // The devices step waits for this one: the organizations' lists, then every MDM's devices,
  // go out together (the client's limit decides what is in flight); each list is kept whole
  // or with its error, in the order the MDM step writes them.
  const orgReads = await Promise.all(
    organizations.map(async ({ orgId }) => {
      const mdms = await readList<JumpCloudAppleMdm>((iteratee) =>
        client.iterateAppleMdms(orgId, iteratee),
      );
      // As the MDM step did: no devices of an organization whose MDM list failed.
      const ids = [...new Set((mdms.error === undefined ? mdms.records : []).map((m) => m.id))];
      const lists = await Promise.all(
        ids.map((id) =>
          readList<JumpCloudAppleMdmDevice>((iteratee) =>
            client.iterateAppleMdmDevices(orgId, id, iteratee),
          ),
        ),
      );
      const devices = new Map<string, ReadList<JumpCloudAppleMdmDevice>>(
        ids.map((id, index) => [id, lists[index]]),
      );
      return [orgId, { mdms, devices }] as const;
    }),
  );
  for (const [orgId, orgRead] of orgReads) read.set(orgId, orgRead);
  rememberAppleMdm(instance, read);
}

/**
 * Apple MDM's FileVault status of each Mac by serial number: `securityInfo.filevaultEnabled`
 * of an enrolled (`enrolled: true`) Mac, as MDM last reported it. A Mac whose records (a
 * reinstalled Mac can be listed twice) disagree gets none. FileVault exists only on Macs: an
 * iPhone's status says nothing of disk encryption. Empty when Apple MDM was not read.
 */
export function macFileVaultBySerial(run: object): Map<string, boolean> {
  const seen = new Map<string, boolean | null>();
  for (const { devices } of rememberedAppleMdm(run)?.values() ?? []) {
    for (const list of devices.values()) {
      for (const device of list.records) {
        const serial = normalizeSerial(device.serialNumber);
        const fileVault = optionalBoolean(device.securityInfo?.filevaultEnabled);
        if (!serial || fileVault === undefined) continue;
        if (device.enrolled !== true || appleDeviceKind(device) !== 'mac') continue;
        const before = seen.get(serial);
        seen.set(serial, before === undefined || before === fileVault ? fileVault : null);
      }
    }
  }
  const bySerial = new Map<string, boolean>();
  for (const [serial, fileVault] of seen) if (fileVault !== null) bySerial.set(serial, fileVault);
  return bySerial;
}
