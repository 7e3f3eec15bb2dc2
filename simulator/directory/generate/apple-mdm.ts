/** Apple MDM (`/v2/applemdms`) and its enrolled devices. */
import { DAY_MS, EPOCH_MS, CollectionCode, Rng, hash32, isoDate } from '../../shared/random';
import type { AppleMdm, AppleMdmDevice, JcSystem, SystemGroup } from '../../shared/types';
import { type OrgContext, makeId } from './context';
import type { AppleMdmMode } from './options';
import { FIRST_NAMES } from './names';
import { SERIAL_ALPHABET, type SystemDraft } from './systems';

const WELCOME = {
  title: 'Welcome',
  paragraph: 'In just a few steps, you will be working securely from your Apple device.',
  button: 'continue',
};

function makeAppleMdm(ctx: OrgContext, defaultSystemGroupId: string): AppleMdm {
  const rng = new Rng(hash32(ctx.orgSeed, 'appleMdm'));
  const createdMs = EPOCH_MS - 400 * DAY_MS + rng.int(DAY_MS);
  const id = makeId(ctx, CollectionCode.appleMdm, createdMs, 0);
  const ade = () => ({
    welcomeScreen: { ...WELCOME },
    setupAssistantOptions: [],
    setupOptions: [],
    enableZeroTouchEnrollment: false,
    defaultDeviceGroupObjectIds: [],
  });
  return {
    id,
    name: ctx.index === 0 ? '' : `${ctx.displayName} MDM`,
    organization: ctx.id,
    apnsPushTopic: `com.apple.mgmt.External.${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
    apnsCertExpiry: isoDate(EPOCH_MS + rng.between(20, 300) * DAY_MS),
    appleCertCreatorAppleID: `it-admin@${ctx.domain}`,
    appleCertSerialNumber: rng.hex(16),
    depServerTokenState: rng.pick<AppleMdm['depServerTokenState']>([
      'valid',
      'valid',
      'missing',
      'expired',
    ]),
    depAccessTokenExpiry: isoDate(EPOCH_MS + rng.between(-30, 300) * DAY_MS),
    defaultSystemGroupID: defaultSystemGroupId,
    defaultIosUserEnrollmentDeviceGroupID: '',
    allowMobileUserEnrollment: rng.chance(0.5),
    serviceDiscoveryEnabled: rng.chance(0.3),
    dep: {
      welcomeScreen: { ...WELCOME },
      setupAssistantOptions: [],
      enableZeroTouchEnrollment: false,
    },
    ades: { macos: ade(), ios: ade() },
  };
}

const DEVICES_START_MS = EPOCH_MS - 2 * 365 * DAY_MS;
const DEVICE_STEP_MS = 300_000;

const MAC_MODELS = [
  {
    modelName: 'MacBook Pro',
    modelNumber: 'MRX33LL/A',
    marketing: 'MacBook Pro (14-inch, M3 Pro, Nov 2023)',
    silicon: true,
  },
  {
    modelName: 'MacBook Air',
    modelNumber: 'MLY33LL/A',
    marketing: 'MacBook Air (M2, 2022)',
    silicon: true,
  },
  { modelName: 'iMac', modelNumber: 'MQRJ3LL/A', marketing: 'iMac (24-inch, 2023)', silicon: true },
  {
    modelName: 'MacBook Pro',
    modelNumber: 'MVVJ2LL/A',
    marketing: 'MacBook Pro (16-inch, 2019)',
    silicon: false,
  },
];

function makeAppleDevice(
  ctx: OrgContext,
  d: number,
  mdmId: string,
  sharedMac: JcSystem | null,
): AppleMdmDevice {
  const rng = new Rng(hash32(ctx.orgSeed, 'appleMdmDevice', d));
  const createdMs = DEVICES_START_MS + d * DEVICE_STEP_MS + rng.int(DEVICE_STEP_MS - 1000);
  const id = makeId(ctx, CollectionCode.appleMdmDevice, createdMs, d);
  const family: 'Mac' | 'iPhone' | 'iPad' = sharedMac
    ? 'Mac'
    : rng.weighted<'Mac' | 'iPhone' | 'iPad'>([
        ['Mac', 40],
        ['iPhone', 40],
        ['iPad', 20],
      ]);
  const mac = family === 'Mac';
  const model = mac ? rng.pick(MAC_MODELS) : null;
  const serialNumber = sharedMac
    ? sharedMac.serialNumber
    : `${mac ? 'C02' : 'F'}${rng.chars(SERIAL_ALPHABET, mac ? 9 : 11)}`;
  const osVersion = sharedMac
    ? sharedMac.version
    : mac
      ? rng.pick(['14.6.1', '15.3.2', '13.7.4'])
      : rng.pick(['18.3.1', '17.7.2']);
  const capacity = rng.pick([128, 256, 512, 1000]);
  const emptySecurity = d === 1 || (d !== 0 && rng.chance(0.25));
  const dep = rng.chance(0.5);
  const deviceInformation: AppleMdmDevice['deviceInformation'] = {
    deviceName: sharedMac ? sharedMac.displayName : `${rng.pick(FIRST_NAMES)}'s ${family}`,
    modelName: model ? model.modelName : family,
    isSupervised: rng.chance(0.7),
    deviceCapacity: capacity,
    availableDeviceCapacity: Math.floor(capacity * (0.2 + rng.next() * 0.7)),
    wifiMac: Array.from({ length: 6 }, () => rng.hex(2)).join(':'),
  };
  if (d % 2 === 0) {
    deviceInformation.modelNumber = model
      ? model.modelNumber
      : `MQ${rng.chars(SERIAL_ALPHABET, 3)}LL/A`;
    deviceInformation.modelMarketingName = model
      ? model.marketing
      : family === 'iPhone'
        ? 'iPhone 15'
        : 'iPad Air (5th generation)';
    deviceInformation.osBuildVersion = `${rng.between(21, 24)}${rng.chars('ABCDEFG', 1)}${rng.between(100, 999)}`;
    deviceInformation.osMarketingName = mac ? 'macOS' : family === 'iPhone' ? 'iOS' : 'iPadOS';
    deviceInformation.isAppleSilicon = model ? model.silicon : true;
    deviceInformation.activationLockAllowedWhileSupervised = rng.chance(0.5);
  }
  if (family === 'iPhone') {
    deviceInformation.imei = `35${rng.between(1000000, 9999999)}${rng.between(100000, 999999)}`;
    deviceInformation.iccid = `89014${rng.between(100000000, 999999999)}${rng.between(10000, 99999)}`;
    deviceInformation.subscriberCarrierNetwork = rng.pick(['AT&T', 'Verizon', 'T-Mobile']);
  }
  return {
    id,
    appleMdmId: mdmId,
    serialNumber,
    udid: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`.toUpperCase(),
    osVersion,
    mdmOsFamily: mac ? 'macos' : family === 'iPhone' ? 'ios' : 'ipados',
    modelFamily: family,
    depRegistered: dep,
    enrolled: d === 0 || rng.chance(0.85),
    createdAt: isoDate(createdMs),
    hasActivationLockBypassCodes: rng.chance(0.5),
    securityInfo: emptySecurity
      ? {}
      : {
          enrolledViaDep: dep,
          isUserEnrollment: false,
          userApprovedEnrollment: rng.chance(0.9),
          passcodePresent: rng.chance(0.9),
          passcodeCompliant: rng.chance(0.85),
          filevaultEnabled: mac ? rng.chance(0.8) : false,
          recoveryLockEnabled: mac && rng.chance(0.3),
          isActivationLockManageable: rng.chance(0.6),
        },
    deviceInformation,
  };
}

/** The org's Apple MDM and its devices; about half of the devices are Macs also known as systems. */
export function generateAppleMdm(
  ctx: OrgContext,
  deviceCount: number,
  appleMdmMode: AppleMdmMode,
  systemDrafts: readonly SystemDraft[],
  systemGroups: readonly SystemGroup[],
): { appleMdm: AppleMdm | null; appleMdmDevices: AppleMdmDevice[] } {
  let appleMdm: AppleMdm | null = null;
  const appleMdmDevices: AppleMdmDevice[] = [];
  if (appleMdmMode !== 'absent') {
    appleMdm = makeAppleMdm(ctx, systemGroups.length > 0 ? systemGroups[0].id : '');
    const macs = systemDrafts.filter((d) => d.kind === 'mac').map((d) => d.record);
    const rng = new Rng(hash32(ctx.orgSeed, 'appleMdm-shared-serials'));
    const sharedCount = Math.min(macs.length, Math.ceil(deviceCount / 2));
    const shared = rng.sample(macs.length, sharedCount);
    // Device 0 (always enrolled, with its security info) is a Mac whose agent reports no
    // FileVault state (no `fde`) where the org has one: Apple MDM then decides its encrypted.
    const silent = shared.findIndex((i) => macs[i].fde === undefined);
    if (silent > 0) [shared[0], shared[silent]] = [shared[silent], shared[0]];
    for (let d = 0; d < deviceCount; d++) {
      appleMdmDevices.push(
        makeAppleDevice(ctx, d, appleMdm.id, d < shared.length ? macs[shared[d]] : null),
      );
    }
  }
  return { appleMdm, appleMdmDevices };
}
