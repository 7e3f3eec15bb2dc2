import { IntegrationStep, IntegrationStepExecutionContext } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { CollectedIndex, collectedIndex, getCollectedOrganizations } from '../shared/collected';
import { StepWriter, writeStep } from '../shared/step-writer';
import { createProgress } from '../shared/progress';
import { ListsAfterFirst } from '../shared/read-ahead';
import { SystemInsightsLinuxPackage, SystemInsightsProgram } from '../../jumpcloud/types';
import {
  recordSystemInsightsUnavailable,
  systemInsightsFeatureFor,
} from '../shared/system-insights';
import {
  createDeviceInstalledSoftwareRelationship,
  createSoftwareEntity,
  Installation,
  readApp,
  readLinuxPackage,
  readProgram,
  softwareKey,
} from './converter';

export const SOFTWARE_TYPES = [
  Entities.SOFTWARE._type,
  Relationships.DEVICE_INSTALLED_SOFTWARE._type,
];

/**
 * One organization's software keys by platform, name and version: a hash per software, not
 * per installation, looked up without building a string per row.
 */
class SoftwareKeys {
  private readonly byPlatform = new Map<string, Map<string, Map<string | undefined, string>>>();

  constructor(private readonly orgId: string) {}

  get(platform: string, name: string, version: string | undefined): string {
    let byName = this.byPlatform.get(platform);
    if (!byName) this.byPlatform.set(platform, (byName = new Map()));
    let byVersion = byName.get(name);
    if (!byVersion) byName.set(name, (byVersion = new Map()));
    let key = byVersion.get(version);
    if (key === undefined)
      byVersion.set(version, (key = softwareKey(this.orgId, platform, name, version)));
    return key;
  }
}

/** Adds one installation: the software once per organization, the edge once per device. */
async function addInstallation(
  writer: StepWriter,
  orgId: string,
  softwareKeys: SoftwareKeys,
  deviceKeys: CollectedIndex,
  installation: Installation | undefined,
  counts: { installations: number; software: number; skipped: number },
): Promise<void> {
  if (!installation || !deviceKeys.has(installation.systemId)) {
    counts.skipped += 1;
    return;
  }
  const { platform, name, version } = installation;
  const key = softwareKeys.get(platform, name, version);
  if (!writer.has(key)) {
    await writer.addEntity(createSoftwareEntity(installation, orgId));
    counts.software += 1;
  }
  const edge = createDeviceInstalledSoftwareRelationship(
    installation.systemId,
    key,
    installation.path,
  );
  // The same software twice on one device (two copies): one edge, the first path.
  if (await writer.addRelationship(edge)) counts.installations += 1;
}

/**
 * Software installed on every system that reports it: `apps` (macOS), `programs` (Windows)
 * and `linux_packages` (Linux), each read across the organization in pages of 10,000 rows.
 * Its own ingestion source, so a JupiterOne user can turn it off: it is the largest body of
 * data the integration collects (see docs/posture-data-model.md for sizes).
 */
export async function fetchInstalledSoftware({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const client = getOrCreateClient(instance.config, logger);
  const systemInsights = systemInsightsFeatureFor(logger, instance, {
    collects: 'software installed on its systems',
    partialTypes: SOFTWARE_TYPES,
  });
  const deviceKeys = await collectedIndex({ jobState, instance }, Entities.DEVICE._type);
  const progress = createProgress(logger, 'installations');
  const counts = { installations: 0, software: 0, skipped: 0 };
  const organizations = await getCollectedOrganizations({ jobState, instance });
  await writeStep({ jobState, logger }, async (writer) => {
    const add = (orgId: string) => {
      const softwareKeys = new SoftwareKeys(orgId);
      return async (installation: Installation | undefined) => {
        await addInstallation(writer, orgId, softwareKeys, deviceKeys, installation, counts);
        progress.tick();
      };
    };

    for (const { orgId } of organizations) {
      const onInstallation = add(orgId);
      await systemInsights.read(orgId, async () => {
        // Taken in this order (a copy found first keeps its path), read once apps answered.
        const later = new ListsAfterFirst();
        const programs = later.readAfter<SystemInsightsProgram>((onRow) =>
          client.iteratePrograms(orgId, onRow),
        );
        const packages = later.readAfter<SystemInsightsLinuxPackage>((onRow) =>
          client.iterateLinuxPackages(orgId, onRow),
        );
        try {
          await client.iterateApps(orgId, (row) => {
            later.begin();
            return onInstallation(readApp(row));
          });
          await programs((row) => onInstallation(readProgram(row)));
          await packages((row) => onInstallation(readLinuxPackage(row)));
        } finally {
          await writer.flush();
        }
      });
    }
    progress.done(counts);
    recordSystemInsightsUnavailable(instance, systemInsights);
    systemInsights.finish();
  });
}

export const softwareSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.INSTALLED_SOFTWARE.id,
    name: Steps.INSTALLED_SOFTWARE.name,
    entities: [Entities.SOFTWARE],
    relationships: [Relationships.DEVICE_INSTALLED_SOFTWARE],
    dependsOn: [Steps.ACCOUNT.id, Steps.DEVICES.id],
    ingestionSourceId: IngestionSources.INSTALLED_SOFTWARE,
    executionHandler: fetchInstalledSoftware,
  },
];
