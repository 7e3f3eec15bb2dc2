/**
 * The console administrators of a simulated organization, shaped after the v2
 * specification's `Administrator` (v2.json definitions: id, email, firstname, lastname,
 * enableMultiFactor, registered, role, roleName, suspended). They sign in to the console
 * (admin_login_attempt events, ../insights/events.ts) with MFA exactly when
 * `enableMultiFactor` is on; one of them never signs in within the retention window.
 */
import type { SimulatedOrg } from '../directory/generate';
import { hash32, Rng } from '../shared/random';
import { FIRST_NAMES, LAST_NAMES } from '../directory/generate/names';

export interface Administrator {
  id: string;
  email: string;
  firstname: string;
  lastname: string;
  enableMultiFactor: boolean;
  registered: boolean;
  role: string;
  roleName: string;
  suspended: boolean;
  /** Simulator truth, not served: no admin_login_attempt in the window. */
  neverSignsIn: boolean;
}

const ROLES = [
  ['5c3536e9e0a6840001872799', 'Administrator'],
  ['5c3536e9e0a6840001872788', 'Help Desk'],
  ['5c3536e9e0a684000187277a', 'Read Only'],
] as const;

/** Four administrators: two with MFA, one without, one without MFA who never signs in. */
export function orgAdministrators(org: SimulatedOrg): Administrator[] {
  const domain = org.organization.settings.contactEmail.split('@')[1] ?? 'example.com';
  const admins: Administrator[] = [];
  for (let i = 0; i < 4; i++) {
    const rng = new Rng(hash32(org.id, 'administrator', i));
    const firstname = rng.pick(FIRST_NAMES);
    const lastname = rng.pick(LAST_NAMES);
    const [role, roleName] = ROLES[i % ROLES.length];
    admins.push({
      id: (hash32(org.id, 'admin-id', i).toString(16).padStart(8, '0') + org.id.slice(8)).slice(
        0,
        24,
      ),
      email: `${firstname}.${lastname}.admin${i}@${domain}`.toLowerCase(),
      firstname,
      lastname,
      enableMultiFactor: i === 0 || i === 2,
      registered: true,
      role,
      roleName,
      suspended: false,
      neverSignsIn: i === 3,
    });
  }
  return admins;
}
