/**
 * A small JumpCloud-shaped graph written in the runtime's on-disk layout, for tests of the
 * graph files reader and the page builder that must not depend on the simulator.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { brotliCompressSync } from 'zlib';

import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';

export interface SyntheticGraphOptions {
  users?: number;
  groups?: number;
  apps?: number;
  devices?: number;
  /** Write brotli-compressed files, as with INTEGRATION_FILE_COMPRESSION_ENABLED. */
  compressed?: boolean;
}

export interface SyntheticGraph {
  entities: Entity[];
  relationships: Relationship[];
  /** One relationship whose target was never collected (must be skipped, not drawn). */
  danglingRelationshipKey: string;
}

const hex = (prefix: number, i: number): string =>
  `${prefix.toString(16).padStart(4, '0')}${i.toString(16).padStart(20, '0')}`;

export function buildSyntheticGraph(options: SyntheticGraphOptions = {}): SyntheticGraph {
  const { users = 12, groups = 3, apps = 2, devices = 6 } = options;
  const accountKey = hex(1, 1);
  const entities: Entity[] = [
    {
      _key: accountKey,
      _type: 'jumpcloud_account',
      _class: ['Account', 'Organization'],
      name: 'Acme Corp',
      displayName: 'Acme Corp',
      _rawData: [{ name: 'default', rawData: { secret: 'must not reach the page' } }],
    } as Entity,
  ];
  const relationships: Relationship[] = [];
  const rel = (
    from: Entity,
    cls: string,
    to: Entity,
    extra: Record<string, unknown> = {},
  ): Relationship =>
    ({
      _key: `${from._key}|${cls.toLowerCase()}|${to._key}`,
      _type: `${from._type}_${cls.toLowerCase()}_${to._type.replace(/^jumpcloud_/, '')}`,
      _class: cls,
      _fromEntityKey: from._key,
      _toEntityKey: to._key,
      displayName: cls,
      ...extra,
    }) as Relationship;

  const account = entities[0];
  const userList: Entity[] = [];
  for (let i = 0; i < users; i++) {
    const first = ['Ada', 'Grace', 'Alan', 'Linus', 'Barbara', 'Ken'][i % 6];
    const last = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Liskov', 'Thompson'][
      Math.floor(i / 6) % 6
    ];
    const user = {
      _key: hex(2, i),
      _type: 'jumpcloud_user',
      _class: ['User'],
      name: `${first} ${last}${i >= 36 ? ` ${i}` : ''}`,
      displayName: `${first} ${last}`,
      email: `${first}.${last}${i}@acme.example`.toLowerCase(),
      username: `${first}${i}`.toLowerCase(),
      active: i % 5 !== 0,
      mfaEnabled: i % 2 === 0,
      createdOn: 1700000000000 + i,
      userEmails: undefined,
    } as unknown as Entity;
    userList.push(user);
    entities.push(user);
    relationships.push(rel(account, 'HAS', user));
  }
  for (let g = 0; g < groups; g++) {
    const group = {
      _key: hex(3, g),
      _type: 'jumpcloud_group',
      _class: ['Group'],
      name: ['Engineering', 'Finance', 'Sales', 'Support', 'IT'][g % 5],
      displayName: ['Engineering', 'Finance', 'Sales', 'Support', 'IT'][g % 5],
      attributes: '{"sudo":{"enabled":false}}',
    } as Entity;
    entities.push(group);
    relationships.push(rel(account, 'HAS', group));
    userList.forEach((user, i) => {
      if (i % groups === g) relationships.push(rel(group, 'HAS', user));
    });
  }
  for (let a = 0; a < apps; a++) {
    const app = {
      _key: hex(4, a),
      _type: 'jumpcloud_application',
      _class: ['Application'],
      name: ['Slack', 'GitHub', 'Salesforce', 'Zoom'][a % 4],
      displayName: ['Slack', 'GitHub', 'Salesforce', 'Zoom'][a % 4],
      ssoUrl: `https://sso.example/${a}`,
    } as Entity;
    entities.push(app);
    relationships.push(rel(account, 'HAS', app));
    userList.forEach((user, i) => {
      if ((i + a) % 2 === 0) relationships.push(rel(user, 'ASSIGNED', app, { direct: true }));
    });
  }
  for (let d = 0; d < devices; d++) {
    const owner = userList[d % Math.max(1, userList.length)];
    const device = {
      _key: hex(5, d),
      _type: 'jumpcloud_device',
      _class: ['Device'],
      name: `host-${d}.acme.example`,
      displayName: `host-${d}`,
      hostname: `host-${d}.acme.example`,
      category: 'endpoint',
      make: 'Apple',
      model: 'MacBookPro18,3',
      serial: `C02X${d}`,
      deviceId: hex(5, d),
      email: owner?.email,
    } as Entity;
    entities.push(device);
    relationships.push(rel(account, 'HAS', device));
    if (owner) relationships.push(rel(owner, 'HAS', device));
  }
  const dangling = rel(account, 'HAS', {
    _key: hex(9, 9),
    _type: 'jumpcloud_user',
    _class: ['User'],
  } as Entity);
  relationships.push(dangling);
  return { entities, relationships, danglingRelationshipKey: dangling._key };
}

/**
 * Writes the graph as the runtime does: `graph/<stepId>/entities/<n>.json` and
 * `graph/<stepId>/relationships/<n>.json`, one step per `_type` family, pretty-printed.
 * Returns the `graph` directory.
 */
export async function writeSyntheticGraph(
  storageDir: string,
  graph: SyntheticGraph,
  options: Pick<SyntheticGraphOptions, 'compressed'> = {},
): Promise<string> {
  const graphDir = path.join(storageDir, 'graph');
  const write = async (stepId: string, kind: string, index: number, objects: unknown[]) => {
    const dir = path.join(graphDir, stepId, kind);
    await fs.mkdir(dir, { recursive: true });
    const text = JSON.stringify({ [kind]: objects }, null, 2);
    await fs.writeFile(
      path.join(dir, `${String(index).padStart(4, '0')}.json`),
      options.compressed ? brotliCompressSync(Buffer.from(text)) : text,
    );
  };
  const stepOf = (type: string): string => `fetch-${type.replace(/^jumpcloud_/, '')}`;
  const byStep = new Map<string, { entities: unknown[]; relationships: unknown[] }>();
  const bucket = (step: string) => {
    let entry = byStep.get(step);
    if (!entry) byStep.set(step, (entry = { entities: [], relationships: [] }));
    return entry;
  };
  for (const entity of graph.entities) bucket(stepOf(entity._type)).entities.push(entity);
  for (const relationship of graph.relationships) {
    bucket(stepOf(relationship._type.split('_').slice(0, 2).join('_'))).relationships.push(
      relationship,
    );
  }
  for (const [step, { entities, relationships }] of byStep) {
    // Split into two files each, as large steps are flushed in batches.
    const half = (list: unknown[]) => [
      list.slice(0, Math.ceil(list.length / 2)),
      list.slice(Math.ceil(list.length / 2)),
    ];
    for (const [i, part] of half(entities).entries()) {
      if (part.length) await write(step, 'entities', i, part);
    }
    for (const [i, part] of half(relationships).entries()) {
      if (part.length) await write(step, 'relationships', i, part);
    }
  }
  await fs.writeFile(
    path.join(storageDir, 'summary.json'),
    JSON.stringify({
      integrationStepResults: [...byStep.keys()].map((id) => ({
        id,
        name: id,
        declaredTypes: [],
        partialTypes: [],
        encounteredTypes: [],
        status: 'success',
      })),
      metadata: { partialDatasets: { types: [] } },
    }),
  );
  return graphDir;
}
