/**
 * Writes `specs/v2-2026-features.json`: the part of JumpCloud's 2026 v2 specification
 * (OpenAPI 3.1, 2.9 MB of YAML) that the System Insights, Asset Management and device policy
 * contract tests need, so the repository does not carry the whole file.
 *
 *   npx ts-node --transpile-only simulator/contract/extract-spec-subset.ts \
 *     <path to v2-index-2026-08-21.yaml>
 *
 * It checks the source's sha256, keeps the GET operations of the paths below (minus their
 * `x-codeSamples`), and every component they reach through `$ref`, unchanged.
 */
import { createHash } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import yaml from 'js-yaml';

export const SOURCE = {
  repository: 'TheJumpCloud/jumpcloud-docs-public',
  path: 'docs/api/2.0/index.yaml',
  commit: '2d46aa0b0f3ec1e04daba98f9d254f6cf53ec4cd',
  sha256: '53871f5e51ca4c36189ffca656f96501a770f404b2b2682d783478991bc2e6f8',
};

export const SUBSET_PATHS = [
  '/systeminsights/system_info',
  '/assets/field-configurations',
  '/assets/field-configurations/{id}/select-options',
  '/assets/devices',
  '/assets/accessories',
  '/assets/locations',
  // Commands, authentication policies, IP lists, directories, RADIUS (access.contract.test.ts).
  '/commands/{command_id}/systems',
  '/commands/{command_id}/systemgroups',
  '/authn/policies',
  '/iplists',
  '/directories',
  '/gsuites/{gsuite_id}/usergroups',
  '/office365s/{office365_id}/usergroups',
  '/ldapservers/{ldapserver_id}/usergroups',
  '/activedirectories/{activedirectory_id}/usergroups',
  '/radiusservers/{radiusserver_id}/usergroups',
  // Device policies (./policies.contract.test.ts).
  '/policies',
  '/policies/{id}',
  '/policytemplates',
  '/policies/{policy_id}/policystatuses',
  '/policies/{policy_id}/systems',
  '/policies/{policy_id}/systemgroups',
  '/policygroups',
  '/policygroups/{group_id}/members',
  // Endpoint posture and installed software.
  '/systeminsights/users',
  '/systeminsights/user_groups',
  '/systeminsights/disk_encryption',
  '/systeminsights/bitlocker_info',
  '/systeminsights/mounts',
  '/systeminsights/logical_drives',
  '/systeminsights/alf',
  '/systeminsights/windows_security_center',
  '/systeminsights/sip_config',
  '/systeminsights/secureboot',
  '/systeminsights/tpm_info',
  '/systeminsights/authorized_keys',
  '/systeminsights/apps',
  '/systeminsights/programs',
  '/systeminsights/linux_packages',
];

/**
 * Schemas the tests also validate on their own: error bodies, and the reference and price
 * shapes of `FieldValue.value` (which the specification leaves untyped).
 */
const EXTRA_SCHEMAS = [
  'jumpcloud.http.assets.error',
  'jumpcloud.http.assets.Reference',
  'jumpcloud.http.assets.Price',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function refsIn(node: Json, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) refsIn(item, found);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') found.add(value);
    else refsIn(value, found);
  }
}

export function extractSubset(spec: JsonObject): JsonObject {
  const paths = spec.paths as JsonObject;
  const components = spec.components as Record<string, JsonObject>;
  const subsetPaths: JsonObject = {};
  for (const path of SUBSET_PATHS) {
    const get = (paths[path] as JsonObject | undefined)?.get as JsonObject | undefined;
    if (!get) throw new Error(`the specification has no GET ${path}`);
    const { 'x-codeSamples': _samples, ...operation } = get;
    subsetPaths[path] = { get: operation };
  }

  const kept: Record<string, JsonObject> = {};
  const pending = new Set<string>();
  refsIn(subsetPaths, pending);
  for (const name of EXTRA_SCHEMAS) pending.add(`#/components/schemas/${name}`);
  const seen = new Set<string>();
  while (pending.size > 0) {
    const ref = pending.values().next().value as string;
    pending.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
    if (!match) throw new Error(`unsupported $ref ${ref}`);
    const [, section, name] = match;
    const value = components[section]?.[name];
    if (value === undefined) throw new Error(`dangling $ref ${ref}`);
    kept[section] = { ...(kept[section] ?? {}), [name]: value };
    refsIn(value, pending);
  }

  return {
    openapi: spec.openapi,
    info: {
      title: `${(spec.info as JsonObject).title} (subset: System Insights hardware, posture and software tables, Asset Management lists, device policies, access paths)`,
      version: (spec.info as JsonObject).version,
      'x-source': SOURCE,
    },
    paths: subsetPaths,
    components: kept,
  };
}

function main(): void {
  const source = process.argv[2];
  if (!source) throw new Error('usage: extractSpecSubset.ts <v2-index-2026-08-21.yaml>');
  const text = readFileSync(source);
  const sha256 = createHash('sha256').update(text).digest('hex');
  if (sha256 !== SOURCE.sha256) throw new Error(`sha256 ${sha256} is not ${SOURCE.sha256}`);
  // CORE_SCHEMA: dates in examples stay strings, as in JSON.
  const spec = yaml.load(text.toString('utf8'), { schema: yaml.CORE_SCHEMA }) as JsonObject;
  const target = join(__dirname, 'specs', 'v2-2026-features.json');
  writeFileSync(target, `${JSON.stringify(extractSubset(spec), null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
}

if (require.main === module) main();
