import { JumpCloudClient } from '../../jumpcloud';
import { OptionalFeature } from '../shared/optional-data';
import { nonBlank } from '../shared/values';
import { DeviceHardware, readSystemInfo } from './converter';

/**
 * System Insights hardware of an organization's systems, by system id: one bulk read
 * (pages of 10,000) before the systems are listed, kept as small trimmed records. A key or
 * an organization without System Insights gives a warning and an empty map: the devices then
 * keep what `/api/systems` tells, and the step goes on.
 */
export async function readHardware(
  client: JumpCloudClient,
  systemInsights: OptionalFeature,
  orgId: string,
): Promise<Map<string, DeviceHardware>> {
  const hardware = new Map<string, DeviceHardware>();
  const read = await systemInsights.read(orgId, () =>
    client.iterateSystemInfo(orgId, (row) => {
      const id = nonBlank(row.system_id);
      if (!id || hardware.has(id)) return;
      const found = readSystemInfo(row);
      if (found) hardware.set(id, found);
    }),
  );
  if (!read) hardware.clear();
  return hardware;
}
