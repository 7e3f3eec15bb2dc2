/** SSO applications (`/applications`), with SAML configuration and certificates. */
import {
  DAY_MS,
  EPOCH_MS,
  CollectionCode,
  Rng,
  fakeBase64,
  hash32,
  isoDate,
} from '../../shared/random';
import type { Application, ApplicationConfig, SamlConfigField } from '../../shared/types';
import { type OrgContext, GROUPS_START_MS, makeId, slug } from './context';
import { APP_COLORS, APP_TEMPLATES } from './names';

function pem(label: string, body: string): string {
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}

function configField<T>(
  label: string,
  position: number,
  type: string,
  value: T,
  readOnly = false,
): SamlConfigField<T> {
  return { label, position, readOnly, required: true, type, value, visible: true };
}

export function makeApplication(ctx: OrgContext, a: number): Application {
  const rng = new Rng(hash32(ctx.orgSeed, 'application', a));
  const createdMs = GROUPS_START_MS + a * 2 * DAY_MS + rng.int(DAY_MS - 1000);
  const id = makeId(ctx, CollectionCode.application, createdMs, a);
  const template = APP_TEMPLATES[a % APP_TEMPLATES.length];
  const suffix = a < APP_TEMPLATES.length ? '' : ` ${Math.floor(a / APP_TEMPLATES.length) + 1}`;
  const orgSlug = slug(ctx.displayName);
  const fill = (s: string): string => s.replace(/\{org\}/g, orgSlug);
  // App 0: certificate expires 12 days after the epoch; app 1: expired 5 days before it.
  const expiresMs =
    a === 0
      ? EPOCH_MS + 12 * DAY_MS
      : a === 1
        ? EPOCH_MS - 5 * DAY_MS
        : EPOCH_MS + rng.between(31, 700) * DAY_MS;
  const certUpdatedMs = expiresMs - 3 * 365 * DAY_MS;
  // Recorded: an application with `color: null` and a logo without a colour
  // (JupiterOne/graph-jumpcloud at f36df07e, src/steps/applications/__recordings__/
  // fetchApplications_3065192880): app 1 and about one in four others.
  const color = a === 1 || rng.chance(0.25) ? null : rng.pick(APP_COLORS);
  const ssoUrl = `https://sso.jumpcloud.com/saml2/${template.name}${suffix ? `-${a}` : ''}`;
  const displayLabel = `${template.displayName}${suffix}`;
  const config: ApplicationConfig = {
    acsUrl: configField('ACS URL', 3, 'text', fill(template.acsUrl)),
    constantAttributes: {
      ...configField('Constant Attributes', 9, 'constant_attributes', [
        {
          name: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
          value: '3600',
          readOnly: false,
          required: false,
          visible: true,
        },
      ]),
      mutable: true,
    },
    databaseAttributes: configField('Database Attributes', 10, 'database_attributes', []),
    idpCertificate: configField(
      'IdP Certificate',
      1,
      'file',
      pem('CERTIFICATE', `MIIDdzCCAl+gAwIBAgIU${fakeBase64(rng, 1000)}`),
      true,
    ),
    idpEntityId: configField('IdP Entity ID', 0, 'text', `JumpCloud-${orgSlug}-${template.name}`),
    idpPrivateKey: configField(
      'IdP Private Key',
      2,
      'file',
      pem(
        'PRIVATE KEY',
        `MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ${fakeBase64(rng, 1580)}`,
      ),
      true,
    ),
    spCertificate: configField(
      'SP Certificate',
      5,
      'file',
      pem('CERTIFICATE', `MIIC8DCCAdigAwIBAgIQ${fakeBase64(rng, 900)}`),
    ),
    spEntityId: configField('SP Entity ID', 4, 'text', fill(template.spEntityId)),
    signAssertion: configField('Sign Assertion', 6, 'checkbox', rng.chance(0.5)),
    signResponse: configField('Sign Response', 7, 'checkbox', true),
  };
  return {
    _id: id,
    id,
    name: template.name,
    displayName: template.displayName,
    displayLabel,
    description: rng.chance(0.5) ? `${displayLabel} single sign-on` : '',
    active: a === 2 ? false : rng.chance(0.9),
    beta: false,
    color,
    organization: ctx.id,
    created: isoDate(createdMs),
    learnMore: `https://jumpcloud.com/support/${template.article}`,
    ssoUrl,
    logo: {
      url: `https://cdn.jumpcloud.com/apps/${template.name}.png`,
      ...(color === null ? {} : { color }),
    },
    sso: {
      type: 'saml',
      jit: rng.chance(0.3),
      beta: false,
      hidden: false,
      idpCertExpirationAt: isoDate(expiresMs),
      idpCertificateUpdatedAt: isoDate(certUpdatedMs),
      idpPrivateKeyUpdatedAt: isoDate(certUpdatedMs),
      spCertificateUpdatedAt: isoDate(certUpdatedMs + DAY_MS),
    },
    config,
    databaseAttributes: [],
  };
}
