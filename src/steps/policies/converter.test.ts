import { Relationships } from '../constants';
import { JumpCloudClient, JumpCloudPolicyTemplate } from '../../jumpcloud';
import {
  createDeviceAssignedPolicyRelationship,
  createPolicyEntity,
  createPolicyGroupEntity,
  keepLatestResult,
  policyResultOnDevice,
  policyResultStatus,
  readHarmlessSettings,
} from './converter';
import { templateLookup } from '.';

const TEMPLATE = {
  id: '63b21e807e3a116100000000',
  name: 'filevault_darwin',
  displayName: 'FileVault 2',
  osMetaFamily: 'darwin',
  activation: 'Log out and in',
  behavior: 'Encrypts the disk',
  state: '',
  deliveryTypes: ['agent', 'mdm'],
  alert: 'some text',
};

/**
 * Config field names and values as JumpCloud's PowerShell module tests set them
 * (TheJumpCloud/support, commit a38baf9f, `PowerShell/JumpCloud Module/Tests/Public/Policies/`
 * `New-JCPolicy.Tests.ps1` and `Set-JCPolicy.Tests.ps1`).
 */
describe('policy settings', () => {
  const configFields = [
    { id: 'f1', name: 'timeout', sensitive: false },
    { id: 'f2', name: 'LoginwindowText', sensitive: true },
    { id: 'f3', name: 'customRegTable' },
    { id: 'f4', name: 'ALLOWUSEOFBIOMETRICS' },
    { id: 'f5', name: 'disable_mtp', sensitive: true },
    { id: 'f6', name: 'constructor' },
    { id: 'f7', name: 'disable_afc' },
    { id: 'f8', name: 'AUTO_INSTALL_SCHEDULE' },
    { id: 'f9', name: 'ADMINISTRATORSTRING' },
    { id: 'f10', name: 'ServerAddresses' },
    { id: 'f11', name: 'disable_mmc' },
  ];

  test('only allow-listed settings of the expected type, never a sensitive one', () => {
    const settings = readHarmlessSettings({
      configFields,
      values: [
        // lock_screen_darwin `-timeout 45`: a duration, kept.
        { configFieldID: 'f1', value: 45 },
        // Free text (a field marked sensitive besides): left out.
        { configFieldID: 'f2', value: 'Call 555-0100 if found' },
        // Registry rows: arbitrary data, where a token may hide: left out.
        {
          configFieldID: 'f3',
          value: [
            {
              customLocation: 'SOFTWARE\\Example',
              customValueName: 'Token',
              customRegType: 'String',
              customData: 'sk-registry-s3cret',
            },
          ],
        },
        // allow_the_use_of_biometrics_windows `-ALLOWUSEOFBIOMETRICS $true`: kept.
        { configFieldID: 'f4', value: true },
        // A harmless name whose field is marked sensitive: left out.
        { configFieldID: 'f5', value: true },
        { configFieldID: 'f6', value: true },
        // A harmless name with a value of the wrong type: left out.
        { configFieldID: 'f7', value: 'yes' },
        // A schedule choice, a string: not on the allow-list (its values are not known).
        { configFieldID: 'f8', value: 'ScheduledInstallSecondWeek' },
        // The new name of the built-in Administrator: left out (it names the target).
        { configFieldID: 'f9', value: 'Test String' },
        { configFieldID: 'f10', value: ['192.0.2.53'] },
        // disable_usb_storage_linux `-disable_mmc $false`: kept, false included.
        { configFieldID: 'f11', value: false },
        { configFieldID: 'missing', value: true },
      ],
    });
    expect(settings).toEqual({
      'setting.timeout': 45,
      'setting.allowUseOfBiometrics': true,
      'setting.disableMmc': false,
    });
  });

  test('a value marked sensitive is left out even under a harmless name', () => {
    expect(
      readHarmlessSettings({
        configFields,
        values: [{ configFieldID: 'f1', value: 300, sensitive: true }],
      }),
    ).toEqual({});
  });

  test('missing or malformed values and fields give no settings, no crash', () => {
    expect(readHarmlessSettings({})).toEqual({});
    expect(readHarmlessSettings({ values: null, configFields: null })).toEqual({});
    expect(
      readHarmlessSettings({
        configFields: [null as never, { id: 'f1', name: 'timeout' }],
        values: [null as never, { configFieldID: 'f1', value: Number.NaN }],
      }),
    ).toEqual({});
  });
});

describe('policy entity', () => {
  test('name, template and settings; raw data only from allow-listed fields', () => {
    const entity = createPolicyEntity(
      {
        id: '5f1b1b1b1b1b1b1b1b1b1b1b',
        name: 'FileVault for laptops',
        template: TEMPLATE,
        secret: 'x',
      },
      {
        configFields: [{ id: 'f', name: 'timeout' }],
        values: [{ configFieldID: 'f', value: 45 }],
      },
      undefined,
      'https://console.jumpcloud.com',
      'org1',
    );
    expect(entity).toMatchObject({
      _key: '5f1b1b1b1b1b1b1b1b1b1b1b',
      _type: 'jumpcloud_policy',
      _class: ['ControlPolicy'],
      name: 'FileVault for laptops',
      category: 'config',
      templateName: 'filevault_darwin',
      templateDisplayName: 'FileVault 2',
      osMetaFamily: 'darwin',
      activation: 'Log out and in',
      behavior: 'Encrypts the disk',
      deliveryTypes: ['agent', 'mdm'],
      diskEncryption: 'filevault',
      'setting.timeout': 45,
      webLink: 'https://console.jumpcloud.com/#/policies/5f1b1b1b1b1b1b1b1b1b1b1b/details',
    });
    expect(entity).toMatchGraphObjectSchema({ _class: ['ControlPolicy'] });
    const raw = JSON.stringify(entity._rawData);
    expect(raw).not.toContain('secret');
    expect(raw).not.toContain('some text');
  });

  test('a policy record that carries its values: none reaches _rawData or a property', () => {
    const secretValues = {
      configFields: [
        { id: 'f1', name: 'customRegTable' },
        { id: 'f2', name: 'ALLOWUSEOFBIOMETRICS' },
      ],
      values: [
        { configFieldID: 'f1', value: [{ customValueName: 'Token', customData: 'reg-s3cret' }] },
        { configFieldID: 'f2', value: true },
      ],
    };
    const entity = createPolicyEntity(
      { id: '5f1b1b1b1b1b1b1b1b1b1b1c', name: 'Registry', template: TEMPLATE, ...secretValues },
      secretValues,
      undefined,
      undefined,
      'org1',
    );
    const raw = JSON.stringify(entity._rawData);
    expect(raw).not.toContain('reg-s3cret');
    expect(raw).not.toContain('values');
    expect(raw).not.toContain('configFields');
    expect(JSON.stringify(entity)).not.toContain('reg-s3cret');
    expect(entity['setting.allowUseOfBiometrics']).toBe(true);
  });

  test('disk encryption from the display names JumpCloud documents, whatever the template name', () => {
    // JumpCloud documents a "FileVault 2" Mac policy and a "BitLocker" Windows policy (its
    // support articles); no public JumpCloud code shows their template `name`.
    const encryption = (displayName: string) =>
      createPolicyEntity(
        { id: 'p'.repeat(24), template: { ...TEMPLATE, name: 'unknown_name', displayName } },
        undefined,
        undefined,
        undefined,
        'o',
      ).diskEncryption;
    expect(encryption('FileVault 2')).toBe('filevault');
    expect(encryption('BitLocker')).toBe('bitlocker');
    expect(encryption('Lock Screen')).toBeUndefined();
  });

  test('no name: the template display name, else the id; no template at all is fine', () => {
    expect(
      createPolicyEntity(
        { id: 'p'.repeat(24), template: TEMPLATE },
        undefined,
        undefined,
        undefined,
        'o',
      ).name,
    ).toBe('FileVault 2');
    const bare = createPolicyEntity(
      { id: 'p'.repeat(24), name: ' ' },
      undefined,
      undefined,
      undefined,
      'o',
    );
    expect(bare.name).toBe('p'.repeat(24));
    expect(bare.templateName).toBeUndefined();
    expect(bare).toMatchGraphObjectSchema({ _class: ['ControlPolicy'] });
  });

  test('policy group', () => {
    const entity = createPolicyGroupEntity(
      { id: 'g'.repeat(24), name: 'Baseline', description: 'all', email: 'x@y.z' },
      undefined,
      'o',
    );
    expect(entity).toMatchObject({
      name: 'Baseline',
      description: 'all',
      _type: 'jumpcloud_policy_group',
    });
    expect(entity).toMatchGraphObjectSchema({ _class: ['Group'] });
  });
});

describe('results', () => {
  test.each([
    [undefined, 'unknown'],
    [{ state: 'success', success: true }, 'success'],
    [{ state: 'failed', success: false, endedAt: 't' }, 'failed'],
    [{ state: 'pending', success: false }, 'pending'],
    [{ state: 'FAILED' }, 'failed'],
    [{ success: true }, 'success'],
    [{ success: false, endedAt: '2026-01-01T00:00:00Z' }, 'failed'],
    [{ success: false }, 'pending'],
    [{}, 'unknown'],
  ])('%j is %s', (result, status) => {
    expect(policyResultStatus(result)).toBe(status);
  });

  test('the latest result per system wins; a result without system is ignored', () => {
    const results = new Map();
    keepLatestResult(results, { systemID: 's', endedAt: '2026-01-02T00:00:00Z', exitStatus: 1 });
    keepLatestResult(results, { systemID: 's', endedAt: '2026-01-01T00:00:00Z', exitStatus: 2 });
    keepLatestResult(results, { endedAt: '2026-01-03T00:00:00Z' });
    expect([...results.values()].map((r) => r.exitStatus)).toEqual([1]);
  });

  test('the device edge carries direct, status, exit status and time; never output', () => {
    const result = {
      state: 'failed',
      exitStatus: 127,
      startedAt: '2026-01-01T00:00:00Z',
      endedAt: '2026-01-01T00:01:00Z',
      stdOut: 'out',
      stdErr: 'err token',
      detail: 'detail',
    };
    // What the step keeps of a result while the policy's other reads finish: no output.
    expect(JSON.stringify(policyResultOnDevice(result))).not.toMatch(/out|err token|detail/);
    const edge = createDeviceAssignedPolicyRelationship(
      'd'.repeat(24),
      'p'.repeat(24),
      false,
      policyResultOnDevice(result),
    );
    expect(edge).toMatchObject({
      _type: Relationships.DEVICE_ASSIGNED_POLICY._type,
      _class: 'ASSIGNED',
      direct: false,
      status: 'failed',
      exitStatus: 127,
      lastResultOn: Date.parse('2026-01-01T00:01:00Z'),
    });
    expect(JSON.stringify(edge)).not.toMatch(/out|err token|detail/);
    const none = createDeviceAssignedPolicyRelationship(
      'd'.repeat(24),
      'p'.repeat(24),
      true,
      undefined,
    );
    expect(none).toMatchObject({ direct: true, status: 'unknown' });
    expect(none.lastResultOn).toBeUndefined();
  });
});

describe('template lookup', () => {
  function fakeClient(templates: JumpCloudPolicyTemplate[]) {
    const calls = { count: 0 };
    const client = {
      iteratePolicyTemplates: async (
        _orgId: string,
        each: (t: JumpCloudPolicyTemplate) => void,
      ) => {
        calls.count += 1;
        templates.forEach(each);
      },
    } as unknown as JumpCloudClient;
    return { client, calls };
  }

  test('a complete embedded template costs no request', async () => {
    const { client, calls } = fakeClient([]);
    const lookup = templateLookup({ client, orgId: 'o' });
    expect(await lookup(TEMPLATE)).toBe(TEMPLATE);
    expect(calls.count).toBe(0);
  });

  test('an incomplete one is completed from /policytemplates, read once per organization', async () => {
    const { client, calls } = fakeClient([TEMPLATE]);
    const lookup = templateLookup({ client, orgId: 'o' });
    expect(await lookup({ id: TEMPLATE.id })).toMatchObject({
      displayName: 'FileVault 2',
      osMetaFamily: 'darwin',
    });
    expect(await lookup({ name: TEMPLATE.name, displayName: 'Own name' })).toMatchObject({
      displayName: 'Own name',
      osMetaFamily: 'darwin',
    });
    expect(await lookup({ id: 'unknown' })).toEqual({ id: 'unknown' });
    expect(calls.count).toBe(1);
  });
});
