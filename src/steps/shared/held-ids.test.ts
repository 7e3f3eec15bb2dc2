/**
 * Every step that writes JumpCloud records, given a record whose id an object of another type
 * already holds (JumpCloud ids are unique per collection, not across collections): the record
 * is skipped with a warning that names it, the rest is written, no edge touches the held key,
 * and the step fails at the end so its types are reported partial. One suite for every step,
 * so a step that drops such a record in silence, or a writer that stops warning or stops
 * failing, fails here.
 */
import {
  Entity,
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import type { IntegrationConfig } from '../../config';
import {
  featureStepContext,
  outcomeOf,
  withFeatureSimulator,
} from '../../../test/optional-feature';
import { fetchAppleMdm } from '../apple-mdm';
import { fetchApplications } from '../applications';
import { fetchAssets } from '../assets';
import { fetchAuthPolicies } from '../auth-policies';
import { fetchCommands } from '../commands';
import { Entities } from '../constants';
import { fetchDeviceGroups } from '../device-groups';
import { fetchDevices } from '../devices';
import { fetchDirectories } from '../directories';
import { fetchGroups } from '../groups';
import { fetchPolicies } from '../policies';
import { fetchRadiusServers } from '../radius-servers';
import { fetchUsers } from '../users';

type Handler = (context: IntegrationStepExecutionContext<IntegrationConfig>) => Promise<void>;

/** Step, the type of the record given a held id, and the handler. */
const STEPS: Array<[string, string, Handler]> = [
  ['users', Entities.USER._type, fetchUsers],
  ['user groups', Entities.GROUP._type, fetchGroups],
  ['applications', Entities.APPLICATION._type, fetchApplications],
  ['devices', Entities.DEVICE._type, fetchDevices],
  ['system groups', Entities.DEVICE_GROUP._type, fetchDeviceGroups],
  ['commands', Entities.COMMAND._type, fetchCommands],
  ['authentication policies: an IP list', Entities.IP_LIST._type, fetchAuthPolicies],
  ['authentication policies: a policy', Entities.AUTH_POLICY._type, fetchAuthPolicies],
  ['device policies: a policy', Entities.POLICY._type, fetchPolicies],
  ['device policies: a policy group', Entities.POLICY_GROUP._type, fetchPolicies],
  ['Apple MDM: an MDM', Entities.APPLE_MDM._type, fetchAppleMdm],
  ['Apple MDM: a device', Entities.APPLE_DEVICE._type, fetchAppleMdm],
  ['assets: a location', Entities.LOCATION._type, fetchAssets],
  ['assets: a device asset', Entities.ASSET_DEVICE._type, fetchAssets],
  ['directories', Entities.DIRECTORY._type, fetchDirectories],
  ['RADIUS servers', Entities.RADIUS_SERVER._type, fetchRadiusServers],
];

/** An object of a type none of these steps writes or reads, holding `key`. */
function holder(key: string): Entity {
  return { _key: key, _type: Entities.SOFTWARE._type, _class: ['CodeModule'], name: 'holder' };
}

const SIZES = { seed: 4, orgs: 1, users: 5, groups: 2, apps: 2, systems: 4, systemGroups: 2 };

describe('a record whose id another type holds', () => {
  test.each(STEPS)('%s: warned by name, skipped, the step partial', async (_step, _type, run) => {
    await withFeatureSimulator({ ...SIZES, appleDevices: 2 }, async (simulator) => {
      // What the step writes when nothing holds its ids.
      const first = featureStepContext(simulator);
      await run(first.context);
      const written = first.context.jobState.collectedEntities
        .filter((entity) => entity._type === _type)
        .map((entity) => entity._key)
        .sort();
      expect(written.length).toBeGreaterThan(0);
      const held = written[0];

      const { context, warn } = featureStepContext(simulator, [holder(held)]);
      const failure = await outcomeOf(run(context));

      expect(failure).toMatchObject({ code: 'SKIPPED_INVALID_RECORDS' });
      expect((failure as Error).message).toContain(JSON.stringify(held));
      expect(warn).toHaveBeenCalledWith({
        name: IntegrationWarnEventName.MissingEntity,
        description: expect.stringContaining(
          `${JSON.stringify(held)} (organization ${simulator.orgIds[0]}) was skipped: ` +
            'another kind of JumpCloud object has the same id',
        ),
      });
      // Every other record of the type is written; none with the held key, no edge to it.
      const { collectedEntities, collectedRelationships } = context.jobState;
      expect(
        collectedEntities
          .filter((entity) => entity._type === _type)
          .map((entity) => entity._key)
          .sort(),
      ).toEqual(written.slice(1));
      expect(collectedEntities.filter((entity) => entity._key === held)).toEqual([]);
      expect(
        collectedRelationships.filter(
          (edge) => edge._fromEntityKey === held || edge._toEntityKey === held,
        ),
      ).toEqual([]);
    });
  });
});
