/**
 * `GET /api/v2/providers/{provider_id}/administrators` (v2.json `ProviderAdministrator_List`):
 * the console administrators of a provider (MSP), `{results: Administrator[], totalCount}`,
 * paged with `limit` (default 10, "Limited to 100": `trait:limit:limit`) and `skip`. Records
 * carry `id`, as the `Administrator` schema declares (the examples show `_id`; the integration
 * reads either).
 *
 * The route rejects `x-org-id` (JumpCloud's own SDK removes the header for paths under
 * `/api/v2/providers`: TheJumpCloud/jcapi-powershell `Custom/Module.cs`, REFERENCE.md §2), so
 * it is not a tenant route: it lists the administrators of every simulated organization.
 *
 * Modes:
 * - `not-provider` (default): the key belongs to no provider. The route answers every
 *   provider id with 401 `{"message":"Unauthorized"}`: the only error the specification
 *   declares for it (assets/v2-index-2026-08-21.yaml, `providers_listAdministrators`,
 *   responses `401`), next to its description "You must be associated with the provider to
 *   use this route". The organization records keep the `provider` they are generated with.
 * - `provider`: the key belongs to the provider `providerIdOf(directory)`; every
 *   organization record names it in `provider` (v1.json `organization.provider`), and the
 *   route serves its administrators. Another provider id still answers 401.
 * - `forbidden`: as `provider`, but the route answers 403, a fault mode for a key that lacks
 *   the route's scope (`x-scopes: providers` in the 2026 index). The specification declares
 *   no 403 for the route: the body is the router's usual `{error, message}` 403 shape.
 */
import type { FeatureRoute } from '../directory/routes';
import { HttpError } from '../shared/reply';
import { parsePaging } from '../directory/routes';
import type { SimulatedDirectory } from '../directory/generate';
import { hash32 } from '../shared/random';
import { orgAdministrators, type Administrator } from './administrators';

export type ProviderAdministratorsMode = 'not-provider' | 'provider' | 'forbidden';

export const PROVIDER_ADMINISTRATORS_TEMPLATE = '/api/v2/providers/{provider_id}/administrators';

/** `trait:limit:limit`: "Limited to 100". */
export const PROVIDER_ADMINISTRATORS_MAX_LIMIT = 100;

/** As the specification declares a 401 body (`message` only). */
const UNAUTHORIZED = { message: 'Unauthorized' };
const FORBIDDEN = {
  error: 'Forbidden',
  message: 'Forbidden: the key may not list the provider administrators',
};

/** The simulated provider's id: an ObjectId-shaped value derived from the seed. */
export function providerIdOf(directory: Pick<SimulatedDirectory, 'seed'>): string {
  const part = (i: number) => hash32(directory.seed, 'provider', i).toString(16).padStart(8, '0');
  return `${part(0)}${part(1)}${part(2)}`;
}

/**
 * The provider's administrators as the route serves them: the `Administrator` fields the
 * generator sets (no API key fields: the simulated administrators have none), and
 * `organizationAccessTotal`, 1: each administers the one organization it was generated for.
 */
export function providerAdministrators(directory: SimulatedDirectory): ServedAdministrator[] {
  return directory.orgs
    .flatMap((org) => orgAdministrators(org))
    .map(served)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export type ServedAdministrator = Omit<Administrator, 'neverSignsIn'> & {
  organizationAccessTotal: number;
};

function served(admin: Administrator): ServedAdministrator {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { neverSignsIn, ...fields } = admin;
  return { ...fields, organizationAccessTotal: 1 };
}

/**
 * In `provider` mode, a copy of the directory whose organization records name the simulated
 * provider; otherwise the directory itself (its records, and every recording made from them,
 * stay as they are).
 */
export function withProviderMode(
  directory: SimulatedDirectory,
  mode: ProviderAdministratorsMode = 'not-provider',
): SimulatedDirectory {
  if (mode === 'not-provider') return directory;
  const provider = providerIdOf(directory);
  return {
    ...directory,
    orgs: directory.orgs.map((org) => ({
      ...org,
      organization: { ...org.organization, provider },
    })),
  };
}

export function adminRoutes(
  directory: SimulatedDirectory | undefined,
  mode: ProviderAdministratorsMode = 'not-provider',
): FeatureRoute[] {
  return [
    {
      template: PROVIDER_ADMINISTRATORS_TEMPLATE,
      tenant: false,
      maxLimit: PROVIDER_ADMINISTRATORS_MAX_LIMIT,
      handler: ({ params, query }) => {
        if (!directory || mode === 'not-provider' || params[0] !== providerIdOf(directory)) {
          throw new HttpError(401, UNAUTHORIZED);
        }
        if (mode === 'forbidden') throw new HttpError(403, FORBIDDEN);
        const paging = parsePaging(query, 10);
        const sort = query.getAll('sort').join(',');
        if (sort !== '' && sort !== 'id') {
          throw new HttpError(400, { message: `Bad Request: the simulator sorts by id only` });
        }
        for (const name of ['filter', 'fields']) {
          if (query.has(name)) {
            throw new HttpError(400, { message: `Bad Request: the simulator has no "${name}"` });
          }
        }
        const all = providerAdministrators(directory);
        return {
          status: 200,
          body: {
            results: all.slice(paging.skip, paging.skip + paging.limit),
            totalCount: all.length,
          },
        };
      },
    },
  ];
}
